// The API's access line of a boot request, in every form Nova wrote it: eventlet's wsgi
// server (`"POST /v2/<tenant>/servers HTTP/1.1" status: 202`) and the requestlog of Nova
// under uwsgi or mod_wsgi (`"POST /compute/v2.1/servers" status: 202`, no protocol), on
// `…/servers` or on `…/os-volumes_boot` (novaclient's boot with block devices, Icehouse to
// Mitaka), with or without a query string.

const PATH = String.raw`\/(?:servers|os-volumes_boot)(?:\?[^"]*)?(?: HTTP\/[\d.]+)?`;

/** A boot's access line, any status. */
export const BOOT_ACCESS = new RegExp(`"POST [^"]*${PATH}" status`);
/** Its path and status as groups 1 and 2. */
export const BOOT_ACCESS_PARTS = new RegExp(`"POST ([^"\\s?]*\\/(?:servers|os-volumes_boot))(?:\\?[^"]*)?(?: HTTP\\/[\\d.]+)?" status: (\\d{3})`);

/** A boot's access line answered with a status `status` matches (a regex fragment: `[45]\\d\\d`). */
export function bootAccessWithStatus(status: string): RegExp {
  return new RegExp(`${BOOT_ACCESS.source}: ${status}`);
}
