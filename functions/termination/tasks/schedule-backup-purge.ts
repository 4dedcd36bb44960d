import { scheduleBackupPurge, terminationTask } from "#shared/termination/workflow";

/** product-termination: the ScheduleBackupPurge task (statemachines/product-termination.asl.json). */
export const handler = terminationTask("ScheduleBackupPurge", scheduleBackupPurge);
