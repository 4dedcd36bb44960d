/**
 * Runs the reconciler once, now (shared/reconciler.ts), with the very handler the schedule runs
 * in AWS and the timer runs under `npm start`:
 *   npm run reconcile
 * It talks to the running local system (`npm start` in another terminal) through its DynamoDB
 * and Step Functions endpoints, found as scripts/local-system.ts says (the environment, else
 * the record in the data folder, else ports 8000 and 8083). Prints what it did as JSON.
 */
import { connectLocalSystem } from "./local-system.ts";

await connectLocalSystem("reconcile", ["dynamodb", "stepfunctions"]);

// Imported only now: the handler's clients read the endpoints from the environment set above.
const { handler } = await import("#functions/reconcile/reconcile");
console.log(JSON.stringify(await handler()));
