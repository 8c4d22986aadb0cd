import { describe, expect, it } from 'vitest';
import { checkAccessIp, checkChangesSince, checkServerName } from '../../../stack/api/compute/server-validation.js';

const INVALID = "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.";
const message = (f: () => unknown) => { try { f(); } catch (e) { return `${(e as { status: number }).status} ${(e as Error).message}`; } return 'ok'; };

describe('server name (parameter_types.name)', () => {
  it('takes printable names, inner spaces and non-ASCII letters', () => {
    for (const n of ['vm-1', 'a b', 'сервер', 'x'.repeat(255), '名字']) expect(checkServerName(n)).toBe(n);
  });
  it('refuses leading/trailing whitespace and control characters with InvalidName', () => {
    for (const n of [' a', 'a ', '\ta', 'a\u0007b', 'a\u2028b', '\u00a0a']) expect(message(() => checkServerName(n))).toBe(`400 ${INVALID}`);
  });
  it('type, then format, then length, as jsonschema reports them', () => {
    expect(message(() => checkServerName(12345))).toBe("400 Invalid input for field/attribute name. Value: 12345. 12345 is not of type 'string'");
    expect(message(() => checkServerName(''))).toBe("400 Invalid input for field/attribute name. Value: . '' is too short");
    expect(message(() => checkServerName('y'.repeat(256)))).toBe(`400 Invalid input for field/attribute name. Value: ${'y'.repeat(256)}. '${'y'.repeat(256)}' is too long`);
  });
});

describe('access IPs and changes-since', () => {
  it('accessIPv4/accessIPv6 in their formats', () => {
    expect(checkAccessIp('accessIPv4', '10.0.0.1')).toBe('10.0.0.1');
    expect(checkAccessIp('accessIPv6', '2001:db8::1')).toBe('2001:db8::1');
    expect(message(() => checkAccessIp('accessIPv4', '2001:db8::1'))).toBe("400 Invalid input for field/attribute accessIPv4. Value: 2001:db8::1. '2001:db8::1' is not a 'ipv4'");
    expect(message(() => checkAccessIp('accessIPv6', '1.2.3'))).toBe("400 Invalid input for field/attribute accessIPv6. Value: 1.2.3. '1.2.3' is not a 'ipv6'");
  });
  it('changes-since must be an ISO 8601 time', () => {
    expect(checkChangesSince('changes-since', '2030-01-01T00:00:00Z')).toBe(Date.UTC(2030, 0, 1));
    expect(checkChangesSince('changes-since', '2030-01-01T00:00:00')).toBe(Date.UTC(2030, 0, 1));
    expect(checkChangesSince('changes-since', '2030-01-01')).toBe(Date.UTC(2030, 0, 1));
    expect(checkChangesSince('changes-since', '2030-01-01T02:00:00+02:00')).toBe(Date.UTC(2030, 0, 1));
    expect(message(() => checkChangesSince('changes-since', 'asdf'))).toBe("400 Invalid input for query parameters changes-since. Value: asdf. 'asdf' is not a 'date-time'");
  });
});

describe('IPv6 access addresses as netaddr prints them', () => {
  it('compresses the longest zero run and drops leading zeros', () => {
    expect(checkAccessIp('accessIPv6', '0000:0000:0000:0000:0000:babe:220.12.22.2')).toBe('::babe:dc0c:1602');
    expect(checkAccessIp('accessIPv6', '2001:0DB8:0000:0000:0001:0000:0000:0001')).toBe('2001:db8::1:0:0:1');
    expect(checkAccessIp('accessIPv6', '2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(checkAccessIp('accessIPv6', '::1')).toBe('::1');
    expect(checkAccessIp('accessIPv6', '::ffff:10.0.0.1')).toBe('::ffff:10.0.0.1');
    expect(checkAccessIp('accessIPv6', 'fe80::')).toBe('fe80::');
  });
});
