// The vm_states, task_states and instance action names of the server actions that keep a
// server on its host (pause, suspend, rescue, shelve, rebuild, snapshot, password, soft delete,
// interfaces, volumes), as nova.compute.vm_states, task_states and instance_actions name them.

export const ACTION_VM_STATES = ['shelved', 'shelved_offloaded'] as const;

export const ACTION_TASK_STATES = [
  'updating_password', 'image_snapshot', 'image_backup', 'image_snapshot_pending', 'image_pending_upload', 'image_uploading',
  'shelving', 'shelving_image_pending_upload', 'shelving_image_uploading', 'shelving_offloading', 'unshelving',
  'rebuild_block_device_mapping', 'soft-deleting', 'restoring',
] as const;

export const ACTION_INSTANCE_ACTIONS = [
  'changePassword', 'createImage', 'createBackup', 'shelve', 'shelveOffload', 'unshelve', 'restore', 'resetState',
  'attach_interface', 'detach_interface', 'extend_volume', 'attach_volume', 'detach_volume',
] as const;
