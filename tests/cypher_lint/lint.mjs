// Lint Cypher statements with Neo4j's own parser and semantic analysis.
// stdin: a JSON array of statements; stdout: a JSON array (one list of diagnostics per
// statement). "Parameter $x is not defined" is dropped: kg always sends its parameters.
import { lintCypherQuery, isNotParamError } from "@neo4j-cypher/language-support";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const statements = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const results = statements.map((query) => {
  const { diagnostics } = lintCypherQuery(query, {});
  return diagnostics
    .filter(isNotParamError)
    .map((d) => ({ message: d.message, severity: d.severity, offsets: d.offsets }));
});
process.stdout.write(JSON.stringify(results));
