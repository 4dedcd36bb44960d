// Imported first by run.ts, before any project module builds its logger (at import): the
// figures measure code, and the in-process runtime's access log lines would bury the tables.
process.env.LOG_LEVEL = "SILENT";
