// SSH keys for os-keypairs: a generated RSA pair in the formats Nova returns (OpenSSH public
// key "… Generated-by-Nova", PEM private key) and the legacy MD5 fingerprint of a public key.

import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';

function sshString(b: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

/** An SSH mpint: big-endian, with a leading zero when the top bit is set. */
const mpint = (b: Buffer) => sshString(b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);

export function generateKeypair(): { publicKey: string; privateKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const jwk = createPublicKey(publicKey).export({ format: 'jwk' });
  const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), mpint(Buffer.from(jwk.e!, 'base64url')), mpint(Buffer.from(jwk.n!, 'base64url'))]);
  return { publicKey: `ssh-rsa ${blob.toString('base64')} Generated-by-Nova`, privateKey };
}

/** `aa:bb:…` MD5 fingerprint of an OpenSSH public key, or null when it is not one. */
export function fingerprint(publicKey: string): string | null {
  const [type, data] = publicKey.trim().split(/\s+/);
  if (!type || !data || !/^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp\d+)$/.test(type) || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) return null;
  const blob = Buffer.from(data, 'base64');
  if (blob.length < 4 || blob.readUInt32BE(0) !== type.length || blob.subarray(4, 4 + type.length).toString() !== type) return null;
  return createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
}
