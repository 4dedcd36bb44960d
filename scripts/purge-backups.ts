/**
 * Runs the purge of terminated products' backups once, now (R-T5), with the very handler the
 * schedule runs in AWS and the timer runs under `npm start`:
 *   npm run purge-backups
 * It talks to the running local system (`npm start` in another terminal) through its DynamoDB
 * endpoint, found as scripts/local-system.ts says: the data folder's store cannot be opened
 * beside the running system, which holds its lock.
 * Prints what it purged as JSON.
 */
import { connectLocalSystem } from "./local-system.ts";

await connectLocalSystem("purge-backups", ["dynamodb"]);

// Imported only now: the handler's clients read the endpoint from the environment set above.
const { handler } = await import("#functions/purge/purge-backups");
const result = await handler();
console.log(JSON.stringify(result));
