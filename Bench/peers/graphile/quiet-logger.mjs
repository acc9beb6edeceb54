import { Logger } from "graphile-worker";

/** Warnings and errors only: graphile-worker logs every job at info level, which would cost more than the no-op task. */
export const quietLogger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") {
    process.stderr.write(`graphile-worker ${level}: ${message}\n`);
  }
});
