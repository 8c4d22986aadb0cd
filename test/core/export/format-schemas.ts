// JSON Schemas (draft-07) of the three export formats, written from their published rules:
// - OTLP/JSON: opentelemetry-proto trace/v1/trace.proto, common/v1/common.proto,
//   resource/v1/resource.proto under the proto3 JSON mapping with OTLP's deviations
//   (docs/specification.md "JSON Protobuf Encoding": lowerCamelCase keys, trace/span ids as
//   hex, enums as integers; 64-bit integers as decimal strings).
// - Chrome Trace Event Format (the "JSON Object Format"): required fields by phase.
// - Jaeger: the query service's JSON model (model/json/model.go), which the UI uploads.
// Unknown keys are refused, so a misspelt field name fails.
import { Ajv, type ValidateFunction } from 'ajv';

const hex = (bytes: number) => ({ type: 'string', pattern: `^[0-9a-f]{${bytes * 2}}$`, not: { pattern: '^0+$' } });
const uint64String = { type: 'string', pattern: '^(0|[1-9][0-9]{0,19})$' };

const otlpAnyValue = {
  type: 'object', minProperties: 1, maxProperties: 1, additionalProperties: false,
  properties: {
    stringValue: { type: 'string' }, boolValue: { type: 'boolean' },
    intValue: { oneOf: [{ type: 'string', pattern: '^-?(0|[1-9][0-9]{0,18})$' }, { type: 'integer' }] },
    doubleValue: { type: 'number' }, bytesValue: { type: 'string', contentEncoding: 'base64' },
    arrayValue: { type: 'object', additionalProperties: false, properties: { values: { type: 'array', items: { $ref: '#/definitions/anyValue' } } } },
    kvlistValue: { type: 'object', additionalProperties: false, properties: { values: { type: 'array', items: { $ref: '#/definitions/keyValue' } } } },
  },
};
const keyValues = { type: 'array', items: { $ref: '#/definitions/keyValue' } };
const dropped = { type: 'integer', minimum: 0 };

export const OTLP_TRACES_SCHEMA = {
  $id: 'otlp-export-trace-service-request',
  definitions: {
    anyValue: otlpAnyValue,
    keyValue: { type: 'object', required: ['key', 'value'], additionalProperties: false, properties: { key: { type: 'string', minLength: 1 }, value: { $ref: '#/definitions/anyValue' } } },
    span: {
      type: 'object', additionalProperties: false,
      required: ['traceId', 'spanId', 'name', 'kind', 'startTimeUnixNano', 'endTimeUnixNano'],
      properties: {
        traceId: hex(16), spanId: hex(8), traceState: { type: 'string' },
        parentSpanId: { oneOf: [hex(8), { const: '' }] },
        flags: { type: 'integer', minimum: 0, maximum: 4294967295 },
        name: { type: 'string', minLength: 1 },
        kind: { enum: [0, 1, 2, 3, 4, 5] },
        startTimeUnixNano: uint64String, endTimeUnixNano: uint64String,
        attributes: keyValues, droppedAttributesCount: dropped,
        events: {
          type: 'array',
          items: {
            type: 'object', additionalProperties: false, required: ['timeUnixNano', 'name'],
            properties: { timeUnixNano: uint64String, name: { type: 'string' }, attributes: keyValues, droppedAttributesCount: dropped },
          },
        },
        droppedEventsCount: dropped,
        links: { type: 'array' }, droppedLinksCount: dropped,
        status: { type: 'object', additionalProperties: false, properties: { message: { type: 'string' }, code: { enum: [0, 1, 2] } } },
      },
    },
  },
  type: 'object', required: ['resourceSpans'], additionalProperties: false,
  properties: {
    resourceSpans: {
      type: 'array', minItems: 1,
      items: {
        type: 'object', additionalProperties: false, required: ['resource', 'scopeSpans'],
        properties: {
          resource: { type: 'object', additionalProperties: false, properties: { attributes: keyValues, droppedAttributesCount: dropped } },
          scopeSpans: {
            type: 'array', minItems: 1,
            items: {
              type: 'object', additionalProperties: false, required: ['spans'],
              properties: {
                scope: {
                  type: 'object', additionalProperties: false,
                  properties: { name: { type: 'string' }, version: { type: 'string' }, attributes: keyValues, droppedAttributesCount: dropped },
                },
                spans: { type: 'array', items: { $ref: '#/definitions/span' } },
                schemaUrl: { type: 'string' },
              },
            },
          },
          schemaUrl: { type: 'string' },
        },
      },
    },
  },
} as const;

const num = { type: 'number' };
const phaseNeeds = (phases: string[], required: string[], extra: object = {}) => ({
  if: { properties: { ph: { enum: phases } }, required: ['ph'] },
  then: { required, ...extra },
});

export const CHROME_TRACE_SCHEMA = {
  $id: 'chrome-trace-event-format',
  type: 'object', required: ['traceEvents'], additionalProperties: false,
  properties: {
    traceEvents: {
      type: 'array', minItems: 1,
      items: {
        type: 'object', additionalProperties: false, required: ['name', 'ph', 'pid', 'tid'],
        properties: {
          name: { type: 'string' }, cat: { type: 'string' },
          ph: { enum: ['B', 'E', 'X', 'i', 'I', 'C', 'b', 'n', 'e', 's', 't', 'f', 'P', 'N', 'O', 'D', 'M', 'R', 'c', '(', ')'] },
          ts: num, tts: num, dur: { type: 'number', minimum: 0 }, tdur: { type: 'number', minimum: 0 },
          pid: { type: 'integer' }, tid: { type: 'integer' },
          s: { enum: ['g', 'p', 't'] }, id: { type: ['string', 'integer'] }, id2: { type: 'object' }, scope: { type: 'string' },
          bp: { const: 'e' }, cname: { type: 'string' }, sf: { type: ['string', 'integer'] }, esf: { type: ['string', 'integer'] },
          args: { type: 'object' },
        },
        allOf: [
          phaseNeeds(['B', 'E', 'i', 'I', 'C', 'b', 'n', 'e', 's', 't', 'f', 'P', 'N', 'O', 'D', 'R', 'c'], ['ts']),
          phaseNeeds(['X'], ['ts', 'dur']),
          phaseNeeds(['b', 'n', 'e', 's', 't', 'f', 'N', 'O', 'D'], ['id']),
          phaseNeeds(['C'], ['args']),
          {
            if: { properties: { ph: { const: 'M' } }, required: ['ph'] },
            then: {
              required: ['args'],
              properties: { name: { enum: ['process_name', 'process_labels', 'process_sort_index', 'thread_name', 'thread_sort_index'] } },
              oneOf: [
                { properties: { name: { enum: ['process_name', 'thread_name'] }, args: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } },
                { properties: { name: { const: 'process_labels' }, args: { type: 'object', required: ['labels'] } } },
                { properties: { name: { enum: ['process_sort_index', 'thread_sort_index'] }, args: { type: 'object', required: ['sort_index'], properties: { sort_index: { type: 'integer' } } } } },
              ],
            },
          },
        ],
      },
    },
    displayTimeUnit: { enum: ['ms', 'ns'] },
    systemTraceEvents: { type: 'string' },
    otherData: { type: 'object' },
    stackFrames: { type: 'object' },
    samples: { type: 'array' },
    controllerTraceDataKey: { type: 'string' },
  },
} as const;

const jaegerTag = {
  type: 'object', additionalProperties: false, required: ['key', 'type', 'value'],
  properties: { key: { type: 'string', minLength: 1 }, type: { enum: ['string', 'bool', 'int64', 'float64', 'binary'] }, value: {} },
  allOf: [
    { if: { properties: { type: { const: 'string' } } }, then: { properties: { value: { type: 'string' } } } },
    { if: { properties: { type: { const: 'bool' } } }, then: { properties: { value: { type: 'boolean' } } } },
    { if: { properties: { type: { const: 'int64' } } }, then: { properties: { value: { type: 'integer' } } } },
    { if: { properties: { type: { const: 'float64' } } }, then: { properties: { value: { type: 'number' } } } },
  ],
};
const jaegerTraceId = { type: 'string', pattern: '^([0-9a-f]{16}|[0-9a-f]{32})$' };
const micros = { type: 'integer', minimum: 0 };

export const JAEGER_TRACES_SCHEMA = {
  $id: 'jaeger-ui-json',
  definitions: { tag: jaegerTag },
  type: 'object', required: ['data'],
  properties: {
    data: {
      type: 'array', minItems: 1,
      items: {
        type: 'object', additionalProperties: false, required: ['traceID', 'spans', 'processes'],
        properties: {
          traceID: jaegerTraceId,
          spans: {
            type: 'array', minItems: 1,
            items: {
              type: 'object', additionalProperties: false,
              required: ['traceID', 'spanID', 'operationName', 'references', 'startTime', 'duration', 'tags', 'logs', 'processID'],
              properties: {
                traceID: jaegerTraceId, spanID: hex(8), flags: { type: 'integer' }, operationName: { type: 'string', minLength: 1 },
                references: {
                  type: 'array',
                  items: { type: 'object', additionalProperties: false, required: ['refType', 'traceID', 'spanID'], properties: { refType: { enum: ['CHILD_OF', 'FOLLOWS_FROM'] }, traceID: jaegerTraceId, spanID: hex(8) } },
                },
                startTime: micros, duration: micros,
                tags: { type: 'array', items: { $ref: '#/definitions/tag' } },
                logs: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['timestamp', 'fields'], properties: { timestamp: micros, fields: { type: 'array', items: { $ref: '#/definitions/tag' } } } } },
                processID: { type: 'string', minLength: 1 },
                warnings: { type: ['array', 'null'], items: { type: 'string' } },
              },
            },
          },
          processes: {
            type: 'object', minProperties: 1,
            additionalProperties: {
              type: 'object', additionalProperties: false, required: ['serviceName', 'tags'],
              properties: { serviceName: { type: 'string', minLength: 1 }, tags: { type: 'array', items: { $ref: '#/definitions/tag' } } },
            },
          },
          warnings: { type: ['array', 'null'], items: { type: 'string' } },
        },
      },
    },
    total: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' }, errors: { type: ['array', 'null'] },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new Map<object, ValidateFunction>();

/** Schema problems of `doc`, as "path message" lines (empty when it conforms). */
export function schemaErrors(schema: object, doc: unknown): string[] {
  let validate = compiled.get(schema);
  if (!validate) { validate = ajv.compile(schema); compiled.set(schema, validate); }
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}
