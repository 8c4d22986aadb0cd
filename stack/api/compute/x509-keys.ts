// x509 key pairs (os-keypairs `type: x509`, 2.2+) as nova.crypto makes them: openssl generates
// a self-signed client certificate for CN=<user id> (UPN <user id>@localhost) and a PKCS#12
// bundle of its key with an empty password, returned base64 as the private key; the
// fingerprint is the certificate's SHA-1, colon separated.

import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** generate_x509_fingerprint, or null when the text is not a PEM certificate. */
export function x509Fingerprint(pem: string): string | null {
  try {
    return new X509Certificate(pem).fingerprint.toLowerCase();
  } catch {
    return null;
  }
}

/** generate_winrm_x509_cert. */
export function generateX509(userId: string): { publicKey: string; privateKey: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-x509-'));
  try {
    const keyfile = path.join(dir, 'temp.key');
    const conffile = path.join(dir, 'temp.conf');
    fs.writeFileSync(conffile, 'distinguished_name  = req_distinguished_name\n[req_distinguished_name]\n[v3_req_client]\n'
      + `extendedKeyUsage = clientAuth\nsubjectAltName = otherName:1.3.6.1.4.1.311.20.2.3;UTF8:${userId}@localhost\n`);
    const req = spawnSync('openssl', ['req', '-x509', '-nodes', '-days', '3650', '-config', conffile, '-newkey', 'rsa:2048', '-outform', 'PEM',
      '-keyout', keyfile, '-subj', `/CN=${userId}`, '-extensions', 'v3_req_client'], { encoding: 'utf8', timeout: 30_000 });
    if (req.status !== 0) throw new Error(`openssl req failed: ${req.stderr}`);
    const p12 = spawnSync('openssl', ['pkcs12', '-export', '-inkey', keyfile, '-password', 'pass:'], { input: req.stdout, timeout: 30_000 });
    if (p12.status !== 0) throw new Error(`openssl pkcs12 failed: ${p12.stderr.toString()}`);
    return { publicKey: req.stdout, privateKey: p12.stdout.toString('base64') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
