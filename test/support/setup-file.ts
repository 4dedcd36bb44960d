import { inject } from "vitest";
import { bundlesCheckedVariable } from "#local/bundle";

// The global setup checked every function's bundle: this worker trusts that check.
process.env[bundlesCheckedVariable] = inject("functionBundles");
