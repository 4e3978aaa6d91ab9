"""The ``kg`` command. ``main.py`` only assembles; each module adds its commands."""
