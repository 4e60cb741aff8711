// The flic TypeScript client: FlicClient and RemoteVm, the errors they reject with, and the ABI
// helpers a harness needs to build interrupts (type codes, interruption words, constants).

export { FlicClient, type FlicClientOptions } from './flicClient.js';
export { tlsCredentials, bearerTokenInterceptor, type FlicTlsOptions } from './clientSecurity.js';
export { RemoteVm, READ_ALL_FIRST_GUESS, type RemoteDeliverOptions } from './remoteVm.js';
export { fromServiceError, BootIdWatch, type RestartListener } from './call.js';
export { flicErrorInfo, type FlicErrorInfo } from '../proto/errorDetails.js';
export { KvmError, ERRNO, errnoName, type ErrnoName } from '../device/errno.js';
export {
  ioType,
  iscToIntWord,
  iscFromIntWord,
  schidWord,
  subsystemIdWord,
  IO_INT_WORD_AI,
  KVM_CREATE_DEVICE_TEST,
  KVM_DEV_TYPE_FLIC,
  KVM_S390_FLIC_MAX_BUFFER,
  KVM_S390_IRQ_SIZE,
  KVM_S390_INT_IO_ADAPTER,
  KVM_S390_INT_IO_AI_MASK,
  KVM_S390_INT_PFAULT_DONE,
  KVM_S390_INT_PFAULT_INIT,
  KVM_S390_INT_SERVICE,
  KVM_S390_INT_VIRTIO,
  KVM_S390_MCHK,
  KVM_S390_IO_ADAPTER_MASK,
  KVM_S390_IO_ADAPTER_MAP,
  KVM_S390_IO_ADAPTER_UNMAP,
  KVM_S390_AIS_MODE_ALL,
  KVM_S390_AIS_MODE_SINGLE,
  KVM_S390_ADAPTER_SUPPRESSIBLE,
  FLIC_GROUP_NAMES,
  KVM_DEV_FLIC_GET_ALL_IRQS,
  KVM_DEV_FLIC_ENQUEUE,
  KVM_DEV_FLIC_CLEAR_IRQS,
  KVM_DEV_FLIC_APF_ENABLE,
  KVM_DEV_FLIC_APF_DISABLE_WAIT,
  KVM_DEV_FLIC_ADAPTER_REGISTER,
  KVM_DEV_FLIC_ADAPTER_MODIFY,
  KVM_DEV_FLIC_CLEAR_IO_IRQ,
  KVM_DEV_FLIC_AISM,
  KVM_DEV_FLIC_AIRQ_INJECT,
  KVM_DEV_FLIC_AISM_ALL,
  IRQ_PEND_COUNT,
  IRQ_PEND_IO_ISC_0,
  IRQ_PEND_IO_ISC_7,
  IRQ_PEND_VIRTIO,
  IRQ_PEND_PFAULT_DONE,
  IRQ_PEND_EXT_SERVICE,
  IRQ_PEND_EXT_SERVICE_EV,
  IRQ_PEND_MCHK_REP,
  IRQ_PEND_MCHK_EX,
  iscPendingBit,
  cr6IscBit,
  joinSchid,
  decodeIrq,
} from '../device/abi/index.js';
export type * from '../device/types.js';
export { ShardedFlicClient } from './shardedClient.js';
export {
  pickReplica,
  rankReplicas,
  rendezvousScore,
  parseReplicaList,
  statefulSetReplicas,
  resolveReplicas,
  type ReplicaAddress,
  type StatefulSetTarget,
  type ShardTarget,
} from './shard.js';
