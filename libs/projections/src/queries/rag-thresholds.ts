/** Design §3: red past `redDays` overdue (or past planned completion); amber when anything is overdue or due within `amberDays` and not started. */
export interface RagThresholds {
  redDays: number;
  amberDays: number;
}
