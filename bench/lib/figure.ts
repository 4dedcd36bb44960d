/** What every figure of the harness hands back to `bench/run.ts`. */

export interface Goal {
  figure: string;
  goal: string;
  /** undefined: not checked in this run (nothing to measure), said in `detail`. */
  met: boolean | undefined;
  detail: string;
}

export interface FigureResult {
  /** The readable tables and notes printed on stdout. */
  text: string;
  /** Everything measured, written to bench/results.json under the figure's id. */
  data: unknown;
  goals: Goal[];
}

export interface Figure<Context> {
  id: string;
  title: string;
  run(context: Context): Promise<FigureResult>;
}
