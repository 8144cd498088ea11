/** One line of `countersign doctor`: problems make it fail. */
export interface Finding {
  level: 'ok' | 'warn' | 'problem';
  topic: string;
  message: string;
  fix?: string;
}
