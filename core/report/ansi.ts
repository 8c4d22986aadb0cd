// Minimal ANSI styling; every function is the identity when colour is off.
export interface Style {
  bold(s: string): string; dim(s: string): string; red(s: string): string; green(s: string): string;
  yellow(s: string): string; cyan(s: string): string; magenta(s: string): string;
}
const wrap = (code: string) => (s: string) => `\x1b[${code}m${s}\x1b[0m`;
export const COLOR: Style = { bold: wrap('1'), dim: wrap('2'), red: wrap('31'), green: wrap('32'), yellow: wrap('33'), cyan: wrap('36'), magenta: wrap('35') };
const id = (s: string) => s;
export const PLAIN: Style = { bold: id, dim: id, red: id, green: id, yellow: id, cyan: id, magenta: id };

export function useColor(stream: NodeJS.WriteStream, forced: boolean | undefined): boolean {
  if (forced !== undefined) return forced;
  return Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
}
