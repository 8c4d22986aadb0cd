// The names of `--format`, apart from the exporters themselves so that parsing the arguments
// does not load them (formats.ts must give one exporter per name: the type says so).

export const EXPORT_FORMATS = ['chrome', 'otlp', 'jaeger'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const OUTPUT_FORMATS = ['text', 'json', ...EXPORT_FORMATS] as const;
