// The TypeScript client of a flic server: a FlicHost whose VMs are RemoteVm objects. It is the
// client the tests, the CLI and harnesses use; it works against any address.

import * as grpc from '@grpc/grpc-js';
import type { FlicHost, StateFormat, VmConfig } from '../device/types.js';
import type { FlicDefinition } from '../gen/flic/v1/Flic.js';
import { bytesView, vmConfigToMessage } from '../proto/messages.js';
import { stateFormatToMessage } from '../proto/stateFormat.js';
import { MESSAGE_LIMIT_OPTIONS, loadFlicProto } from '../proto/loader.js';
import { callUnary, vmMetadata } from './call.js';
import { RemoteVm } from './remoteVm.js';

export interface FlicClientOptions {
  /** Default: insecure (plaintext), as flic serves. */
  readonly credentials?: grpc.ChannelCredentials;
  /** Merged over flic's message limits (33 MiB each way). */
  readonly channelOptions?: grpc.ChannelOptions;
}

export interface DeleteVmOptions {
  /**
   * Delete only if SHA-256 of the VM's FLIC-format export is these 32 bytes (ESTALE otherwise, and
   * the VM stays): how a move deletes the old copy without losing a change made since its export.
   */
  readonly expectedStateSha256?: Uint8Array;
}

export class FlicClient implements FlicHost {
  private readonly stub: grpc.Client;
  private readonly rpc: FlicDefinition;

  constructor(
    readonly address: string,
    options: FlicClientOptions = {},
  ) {
    const { Flic } = loadFlicProto().flic.v1;
    this.rpc = Flic.service;
    this.stub = new Flic(address, options.credentials ?? grpc.credentials.createInsecure(), {
      ...MESSAGE_LIMIT_OPTIONS,
      ...options.channelOptions,
    });
  }

  /** Creates a VM (no FLIC yet: call vm(id).createDevice(KVM_DEV_TYPE_FLIC)). */
  async createVm(vmId: string, config: Partial<VmConfig> = {}): Promise<void> {
    await callUnary(this.stub, this.rpc.CreateVm, { vmId, config: vmConfigToMessage(config) }, vmMetadata(vmId));
  }

  async deleteVm(vmId: string, options: DeleteVmOptions = {}): Promise<void> {
    const request = { vmId, expectedStateSha256: options.expectedStateSha256 ?? new Uint8Array(0) };
    await callUnary(this.stub, this.rpc.DeleteVm, request, vmMetadata(vmId));
  }

  /** The VM's state (docs/state.md): 'flic' (default) is lossless; 'qemu' is QEMU's s390-flic section. */
  async exportVm(vmId: string, format: StateFormat = 'flic'): Promise<Uint8Array> {
    const r = await callUnary(this.stub, this.rpc.ExportVm, { vmId, format: stateFormatToMessage(format) }, vmMetadata(vmId));
    return bytesView(r.state);
  }

  /** 'flic' (default): creates vmId from the blob. 'qemu': loads into the existing vmId as QEMU's kvm_flic_load does. */
  async importVm(vmId: string, state: Uint8Array, format: StateFormat = 'flic'): Promise<void> {
    await callUnary(this.stub, this.rpc.ImportVm, { vmId, format: stateFormatToMessage(format), state }, vmMetadata(vmId));
  }

  async listVms(): Promise<string[]> {
    return (await callUnary(this.stub, this.rpc.ListVms, {}, new grpc.Metadata())).vmIds;
  }

  /** The FLIC API of one VM (no call is made until a method is used). */
  vm(vmId: string): RemoteVm {
    return new RemoteVm(this.stub, this.rpc, vmId);
  }

  /** Resolves once the channel is connected (or rejects at the deadline). */
  waitForReady(deadline: Date | number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stub.waitForReady(deadline, (err) => (err === undefined ? resolve() : reject(err)));
    });
  }

  close(): void {
    this.stub.close();
  }
}
