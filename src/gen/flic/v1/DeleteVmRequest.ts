// Original file: proto/flic/v1/flic.proto


export interface DeleteVmRequest {
  'vmId'?: (string);
  /**
   * When set: delete only if SHA-256 of the VM's FLIC-format export is exactly these 32 bytes, in
   * the same step as the check (ESTALE otherwise). What a rebalance deletes with, so that a change
   * made after its export is never lost.
   */
  'expectedStateSha256'?: (Buffer | Uint8Array | string);
}

export interface DeleteVmRequest__Output {
  'vmId': (string);
  /**
   * When set: delete only if SHA-256 of the VM's FLIC-format export is exactly these 32 bytes, in
   * the same step as the check (ESTALE otherwise). What a rebalance deletes with, so that a change
   * made after its export is never lost.
   */
  'expectedStateSha256': (Buffer);
}
