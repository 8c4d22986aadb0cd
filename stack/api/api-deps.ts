// What the services of the api process share: configuration, the nova database, token store,
// one logger per log file, and the RPC clients towards the conductor and compute hosts.

import type { OsloLogger } from '../common/oslo-logger.js';
import type { StackConfig } from '../common/stack-config.js';
import type { ComputeAPI } from '../compute/rpcapi.js';
import type { ServerActionsAPI } from '../compute/actions/rpcapi.js';
import type { ConductorAPI } from '../conductor/rpcapi.js';
import type { MoveConductorAPI } from '../conductor/move-rpcapi.js';
import type { MoveComputeAPI } from '../compute/move-rpcapi.js';
import type { Db } from '../db/open-db.js';
import type { TokenSource } from '../common/service-auth.js';
import type { HostAggregates } from '../placement/host-aggregates.js';
import type { TokenStore } from './identity/token-store.js';
import type { BindingDecider } from './network/port-binding.js';
import type { VolumeOutcome } from './volume/volume-worker.js';

export interface ApiLogs {
  /** nova-api.log */
  nova: OsloLogger;
  /** keystone.log */
  keystone: OsloLogger;
  /** glance-api.log */
  glance: OsloLogger;
  /** neutron-server.log */
  neutron: OsloLogger;
  /** cinder-api.log */
  cinder: OsloLogger;
  /** cinder-volume.log */
  cinderVolume: OsloLogger;
}

export interface ApiDeps {
  cfg: StackConfig;
  db: Db;
  tokens: TokenStore;
  /** nova-api's own service user ([placement] credentials), for its calls to placement. */
  serviceAuth: TokenSource;
  /** `http://127.0.0.1:<api port>`: every link and catalog URL starts here. */
  baseUrl: string;
  logs: ApiLogs;
  /** The report client's aggregate_add_host/aggregate_remove_host, as the `nova` service user. */
  placementAggregates: HostAggregates;
  conductor: ConductorAPI;
  compute: ComputeAPI;
  /** The compute RPC methods of the server actions that keep a server on its host. */
  actions: ServerActionsAPI;
  /** The conductor's and compute hosts' methods that move servers (resize, migrations, evacuation). */
  moveConductor: MoveConductorAPI;
  moveCompute: MoveComputeAPI;
  /** Decides whether neutron-lite can bind a port on a host (the port-binding-failure seam). */
  decideBinding: BindingDecider;
  /** How long neutron-lite waits after binding before reporting network-vif-plugged. */
  vifPluggedDelayMs: number;
  /** Whether glance-lite can serve an image's data now (the image-unavailable fault). */
  imageAvailable: (imageId: string) => boolean;
  /** Whether the project's instance quota counts as used up (the quota-exceeded fault). */
  quotaExhausted: () => boolean;
  /** Whether glance-lite serves the next image download as an oversized disk (the image-too-big fault). */
  oversizedImage: () => boolean;
  /** Whether a user's token has outlived its lifetime by the time it reaches glance-lite (the token-expired fault). */
  userTokenOutlived: () => boolean;
  /** Whether the subnets count as having no free address (the ip-exhausted fault). */
  addressesExhausted: () => boolean;
  /** What cinder-lite's backend does with the next new volume (the volume-boot-failure fault: error, or stays creating). */
  volumeOutcome: () => VolumeOutcome;
  /** Whether cinder-lite's backend fails to export a volume for the next attachment update (the volume-attach-failure fault). */
  exportFails: () => boolean;
  /** [DEFAULT]default_schedule_zone: the zone of a boot that names none (the az-mismatch fault sets one). */
  defaultScheduleZone: () => string | null;
}
