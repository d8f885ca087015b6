/**
 * One logger per module (`createLogger('ledger')`). Lines go to stderr as JSON so they never
 * mix with a command's stdout. Fields whose names suggest secrets are redacted before writing:
 * keys and tokens must never reach a log.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const secretField = /key|token|passphrase|secret|password|authorization/i;

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

type Sink = (line: string) => void;

let sink: Sink = (line) => process.stderr.write(line + '\n');
let threshold: LogLevel = parseLevel(process.env.CONCORDAT_LOG_LEVEL) ?? 'warn';

function parseLevel(value: string | undefined): LogLevel | undefined {
  return value === 'debug' || value === 'info' || value === 'warn' || value === 'error'
    ? value
    : undefined;
}

export function configureLogging(options: { level?: LogLevel; sink?: Sink }): void {
  if (options.level) threshold = options.level;
  if (options.sink) sink = options.sink;
}

export function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (secretField.test(name)) out[name] = '[redacted]';
    else if (value instanceof Error)
      out[name] = { name: value.name, message: value.message, stack: value.stack };
    else out[name] = value;
  }
  return out;
}

export function createLogger(module: string): Logger {
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (levelRank[level] < levelRank[threshold]) return;
    sink(
      JSON.stringify({
        time: new Date().toISOString(),
        level,
        module,
        message,
        ...(fields ? redact(fields) : {}),
      }),
    );
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}
