// The TypeScript client of a flic server: a FlicHost whose VMs are RemoteVm objects. It is the
// client the tests, the CLI and harnesses use; it works against any address.

import * as grpc from '@grpc/grpc-js';
import type { FlicHost, StateFormat, VmConfig } from '../device/types.js';
import type { FlicDefinition } from '../gen/flic/v1/Flic.js';
import { bytesView, vmConfigToMessage } from '../proto/messages.js';
import { stateFormatToMessage } from '../proto/stateFormat.js';
import { MESSAGE_LIMIT_OPTIONS, loadFlicProto } from '../proto/loader.js';
import { BootIdWatch, callUnary, vmMetadata, type RestartListener } from './call.js';
import { bearerTokenInterceptor, serverNameOptions, tlsCredentials, type FlicTlsOptions } from './clientSecurity.js';
import { RemoteVm } from './remoteVm.js';

export interface FlicClientOptions {
  /** Default: TLS when `tls` is given, plaintext otherwise (flic's default). Wins over `tls`. */
  readonly credentials?: grpc.ChannelCredentials;
  /** TLS to a server with --tls-cert: the CA to trust, a client certificate and key for mTLS. */
  readonly tls?: FlicTlsOptions;
  /** A bearer token sent with every call (a server with --authz-file; see docs/security.md). */
  readonly token?: string;
  /** Merged over flic's message limits (33 MiB each way). */
  readonly channelOptions?: grpc.ChannelOptions;
}

function channelCredentials(options: FlicClientOptions): grpc.ChannelCredentials {
  if (options.credentials !== undefined) return options.credentials;
  return options.tls === undefined ? grpc.credentials.createInsecure() : tlsCredentials(options.tls);
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
  private readonly bootIds = new BootIdWatch();

  constructor(
    readonly address: string,
    options: FlicClientOptions = {},
  ) {
    const { Flic } = loadFlicProto().flic.v1;
    this.rpc = Flic.service;
    this.stub = new Flic(address, channelCredentials(options), {
      ...MESSAGE_LIMIT_OPTIONS,
      ...serverNameOptions(options.tls),
      ...options.channelOptions,
      ...(options.token === undefined ? {} : { interceptors: [bearerTokenInterceptor(options.token)] }),
    });
  }

  /** Creates a VM (no FLIC yet: call vm(id).createDevice(KVM_DEV_TYPE_FLIC)). */
  async createVm(vmId: string, config: Partial<VmConfig> = {}): Promise<void> {
    await callUnary(this.stub, this.rpc.CreateVm, { vmId, config: vmConfigToMessage(config) }, vmMetadata(vmId), {}, { bootIds: this.bootIds });
  }

  async deleteVm(vmId: string, options: DeleteVmOptions = {}): Promise<void> {
    const request = { vmId, expectedStateSha256: options.expectedStateSha256 ?? new Uint8Array(0) };
    await callUnary(this.stub, this.rpc.DeleteVm, request, vmMetadata(vmId), {}, { bootIds: this.bootIds });
  }

  /** The VM's state (docs/state.md): 'flic' (default) is lossless; 'qemu' is QEMU's s390-flic section. */
  async exportVm(vmId: string, format: StateFormat = 'flic'): Promise<Uint8Array> {
    const r = await callUnary(this.stub, this.rpc.ExportVm, { vmId, format: stateFormatToMessage(format) }, vmMetadata(vmId), {}, { bootIds: this.bootIds });
    return bytesView(r.state);
  }

  /** 'flic' (default): creates vmId from the blob. 'qemu': loads into the existing vmId as QEMU's kvm_flic_load does. */
  async importVm(vmId: string, state: Uint8Array, format: StateFormat = 'flic'): Promise<void> {
    await callUnary(this.stub, this.rpc.ImportVm, { vmId, format: stateFormatToMessage(format), state }, vmMetadata(vmId), {}, { bootIds: this.bootIds });
  }

  async listVms(): Promise<string[]> {
    return (await this.listVmsAndBootId()).vmIds;
  }

  /** The server's VMs and its boot id, from one ListVms. */
  async listVmsAndBootId(): Promise<{ vmIds: string[]; bootId: string }> {
    const r = await callUnary(this.stub, this.rpc.ListVms, {}, new grpc.Metadata(), {}, { bootIds: this.bootIds });
    return { vmIds: r.vmIds, bootId: r.bootId };
  }

  /** The server process's boot id, asked for now (ListVms). */
  async bootId(): Promise<string> {
    return (await this.listVmsAndBootId()).bootId;
  }

  /** The boot id of the last response this client received, or undefined before the first. */
  get lastBootId(): string | undefined {
    return this.bootIds.last;
  }

  /**
   * Calls `listener` when a response carries another boot id than the one before: the server
   * restarted and the VMs it held are gone. Returns a function that removes the listener.
   */
  onRestart(listener: RestartListener): () => void {
    return this.bootIds.onRestart(listener);
  }

  /** The FLIC API of one VM (no call is made until a method is used). */
  vm(vmId: string): RemoteVm {
    return new RemoteVm(this.stub, this.rpc, vmId, this.bootIds);
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
