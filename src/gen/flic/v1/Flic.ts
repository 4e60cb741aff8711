// Original file: proto/flic/v1/flic.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AdapterModifyRequest as _flic_v1_AdapterModifyRequest, AdapterModifyRequest__Output as _flic_v1_AdapterModifyRequest__Output } from '../../flic/v1/AdapterModifyRequest.js';
import type { AdapterModifyResponse as _flic_v1_AdapterModifyResponse, AdapterModifyResponse__Output as _flic_v1_AdapterModifyResponse__Output } from '../../flic/v1/AdapterModifyResponse.js';
import type { AdapterRegisterRequest as _flic_v1_AdapterRegisterRequest, AdapterRegisterRequest__Output as _flic_v1_AdapterRegisterRequest__Output } from '../../flic/v1/AdapterRegisterRequest.js';
import type { AdapterRegisterResponse as _flic_v1_AdapterRegisterResponse, AdapterRegisterResponse__Output as _flic_v1_AdapterRegisterResponse__Output } from '../../flic/v1/AdapterRegisterResponse.js';
import type { AirqInjectRequest as _flic_v1_AirqInjectRequest, AirqInjectRequest__Output as _flic_v1_AirqInjectRequest__Output } from '../../flic/v1/AirqInjectRequest.js';
import type { AirqInjectResponse as _flic_v1_AirqInjectResponse, AirqInjectResponse__Output as _flic_v1_AirqInjectResponse__Output } from '../../flic/v1/AirqInjectResponse.js';
import type { AismRequest as _flic_v1_AismRequest, AismRequest__Output as _flic_v1_AismRequest__Output } from '../../flic/v1/AismRequest.js';
import type { AismResponse as _flic_v1_AismResponse, AismResponse__Output as _flic_v1_AismResponse__Output } from '../../flic/v1/AismResponse.js';
import type { ApfDisableWaitRequest as _flic_v1_ApfDisableWaitRequest, ApfDisableWaitRequest__Output as _flic_v1_ApfDisableWaitRequest__Output } from '../../flic/v1/ApfDisableWaitRequest.js';
import type { ApfDisableWaitResponse as _flic_v1_ApfDisableWaitResponse, ApfDisableWaitResponse__Output as _flic_v1_ApfDisableWaitResponse__Output } from '../../flic/v1/ApfDisableWaitResponse.js';
import type { ApfEnableRequest as _flic_v1_ApfEnableRequest, ApfEnableRequest__Output as _flic_v1_ApfEnableRequest__Output } from '../../flic/v1/ApfEnableRequest.js';
import type { ApfEnableResponse as _flic_v1_ApfEnableResponse, ApfEnableResponse__Output as _flic_v1_ApfEnableResponse__Output } from '../../flic/v1/ApfEnableResponse.js';
import type { ClearIoIrqRequest as _flic_v1_ClearIoIrqRequest, ClearIoIrqRequest__Output as _flic_v1_ClearIoIrqRequest__Output } from '../../flic/v1/ClearIoIrqRequest.js';
import type { ClearIoIrqResponse as _flic_v1_ClearIoIrqResponse, ClearIoIrqResponse__Output as _flic_v1_ClearIoIrqResponse__Output } from '../../flic/v1/ClearIoIrqResponse.js';
import type { ClearIrqsRequest as _flic_v1_ClearIrqsRequest, ClearIrqsRequest__Output as _flic_v1_ClearIrqsRequest__Output } from '../../flic/v1/ClearIrqsRequest.js';
import type { ClearIrqsResponse as _flic_v1_ClearIrqsResponse, ClearIrqsResponse__Output as _flic_v1_ClearIrqsResponse__Output } from '../../flic/v1/ClearIrqsResponse.js';
import type { CreateDeviceRequest as _flic_v1_CreateDeviceRequest, CreateDeviceRequest__Output as _flic_v1_CreateDeviceRequest__Output } from '../../flic/v1/CreateDeviceRequest.js';
import type { CreateDeviceResponse as _flic_v1_CreateDeviceResponse, CreateDeviceResponse__Output as _flic_v1_CreateDeviceResponse__Output } from '../../flic/v1/CreateDeviceResponse.js';
import type { CreateVmRequest as _flic_v1_CreateVmRequest, CreateVmRequest__Output as _flic_v1_CreateVmRequest__Output } from '../../flic/v1/CreateVmRequest.js';
import type { CreateVmResponse as _flic_v1_CreateVmResponse, CreateVmResponse__Output as _flic_v1_CreateVmResponse__Output } from '../../flic/v1/CreateVmResponse.js';
import type { DeleteVmRequest as _flic_v1_DeleteVmRequest, DeleteVmRequest__Output as _flic_v1_DeleteVmRequest__Output } from '../../flic/v1/DeleteVmRequest.js';
import type { DeleteVmResponse as _flic_v1_DeleteVmResponse, DeleteVmResponse__Output as _flic_v1_DeleteVmResponse__Output } from '../../flic/v1/DeleteVmResponse.js';
import type { DeliverRequest as _flic_v1_DeliverRequest, DeliverRequest__Output as _flic_v1_DeliverRequest__Output } from '../../flic/v1/DeliverRequest.js';
import type { DeliverResponse as _flic_v1_DeliverResponse, DeliverResponse__Output as _flic_v1_DeliverResponse__Output } from '../../flic/v1/DeliverResponse.js';
import type { DeviceAttrRequest as _flic_v1_DeviceAttrRequest, DeviceAttrRequest__Output as _flic_v1_DeviceAttrRequest__Output } from '../../flic/v1/DeviceAttrRequest.js';
import type { DeviceAttrResponse as _flic_v1_DeviceAttrResponse, DeviceAttrResponse__Output as _flic_v1_DeviceAttrResponse__Output } from '../../flic/v1/DeviceAttrResponse.js';
import type { EnqueueRequest as _flic_v1_EnqueueRequest, EnqueueRequest__Output as _flic_v1_EnqueueRequest__Output } from '../../flic/v1/EnqueueRequest.js';
import type { EnqueueResponse as _flic_v1_EnqueueResponse, EnqueueResponse__Output as _flic_v1_EnqueueResponse__Output } from '../../flic/v1/EnqueueResponse.js';
import type { ExportVmRequest as _flic_v1_ExportVmRequest, ExportVmRequest__Output as _flic_v1_ExportVmRequest__Output } from '../../flic/v1/ExportVmRequest.js';
import type { ExportVmResponse as _flic_v1_ExportVmResponse, ExportVmResponse__Output as _flic_v1_ExportVmResponse__Output } from '../../flic/v1/ExportVmResponse.js';
import type { GetAismAllRequest as _flic_v1_GetAismAllRequest, GetAismAllRequest__Output as _flic_v1_GetAismAllRequest__Output } from '../../flic/v1/GetAismAllRequest.js';
import type { GetAismAllResponse as _flic_v1_GetAismAllResponse, GetAismAllResponse__Output as _flic_v1_GetAismAllResponse__Output } from '../../flic/v1/GetAismAllResponse.js';
import type { GetAllIrqsRequest as _flic_v1_GetAllIrqsRequest, GetAllIrqsRequest__Output as _flic_v1_GetAllIrqsRequest__Output } from '../../flic/v1/GetAllIrqsRequest.js';
import type { GetAllIrqsResponse as _flic_v1_GetAllIrqsResponse, GetAllIrqsResponse__Output as _flic_v1_GetAllIrqsResponse__Output } from '../../flic/v1/GetAllIrqsResponse.js';
import type { ImportVmRequest as _flic_v1_ImportVmRequest, ImportVmRequest__Output as _flic_v1_ImportVmRequest__Output } from '../../flic/v1/ImportVmRequest.js';
import type { ImportVmResponse as _flic_v1_ImportVmResponse, ImportVmResponse__Output as _flic_v1_ImportVmResponse__Output } from '../../flic/v1/ImportVmResponse.js';
import type { InspectRequest as _flic_v1_InspectRequest, InspectRequest__Output as _flic_v1_InspectRequest__Output } from '../../flic/v1/InspectRequest.js';
import type { InspectResponse as _flic_v1_InspectResponse, InspectResponse__Output as _flic_v1_InspectResponse__Output } from '../../flic/v1/InspectResponse.js';
import type { IoDequeueResponse as _flic_v1_IoDequeueResponse, IoDequeueResponse__Output as _flic_v1_IoDequeueResponse__Output } from '../../flic/v1/IoDequeueResponse.js';
import type { ListVmsRequest as _flic_v1_ListVmsRequest, ListVmsRequest__Output as _flic_v1_ListVmsRequest__Output } from '../../flic/v1/ListVmsRequest.js';
import type { ListVmsResponse as _flic_v1_ListVmsResponse, ListVmsResponse__Output as _flic_v1_ListVmsResponse__Output } from '../../flic/v1/ListVmsResponse.js';
import type { PvSclpInterceptRequest as _flic_v1_PvSclpInterceptRequest, PvSclpInterceptRequest__Output as _flic_v1_PvSclpInterceptRequest__Output } from '../../flic/v1/PvSclpInterceptRequest.js';
import type { PvSclpInterceptResponse as _flic_v1_PvSclpInterceptResponse, PvSclpInterceptResponse__Output as _flic_v1_PvSclpInterceptResponse__Output } from '../../flic/v1/PvSclpInterceptResponse.js';
import type { ReinjectIoRequest as _flic_v1_ReinjectIoRequest, ReinjectIoRequest__Output as _flic_v1_ReinjectIoRequest__Output } from '../../flic/v1/ReinjectIoRequest.js';
import type { ReinjectIoResponse as _flic_v1_ReinjectIoResponse, ReinjectIoResponse__Output as _flic_v1_ReinjectIoResponse__Output } from '../../flic/v1/ReinjectIoResponse.js';
import type { SetAismAllRequest as _flic_v1_SetAismAllRequest, SetAismAllRequest__Output as _flic_v1_SetAismAllRequest__Output } from '../../flic/v1/SetAismAllRequest.js';
import type { SetAismAllResponse as _flic_v1_SetAismAllResponse, SetAismAllResponse__Output as _flic_v1_SetAismAllResponse__Output } from '../../flic/v1/SetAismAllResponse.js';
import type { TpiRequest as _flic_v1_TpiRequest, TpiRequest__Output as _flic_v1_TpiRequest__Output } from '../../flic/v1/TpiRequest.js';
import type { TschRequest as _flic_v1_TschRequest, TschRequest__Output as _flic_v1_TschRequest__Output } from '../../flic/v1/TschRequest.js';

export interface FlicClient extends grpc.Client {
  /**
   * Group 7, KVM_DEV_FLIC_ADAPTER_MODIFY (SET). Errnos: EINVAL (unknown adapter, MASK on a
   * non-maskable adapter, unknown type; legacy/tracked map modes: addr 0, map count exhausted,
   * legacy UNMAP of an unmapped address), EFAULT (legacy/tracked MAP of an address outside guest
   * memory), ENOENT (tracked UNMAP of an unmapped address).
   */
  AdapterModify(argument: _flic_v1_AdapterModifyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_AdapterModifyResponse__Output>): grpc.ClientUnaryCall;
  AdapterModify(argument: _flic_v1_AdapterModifyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_AdapterModifyResponse__Output>): grpc.ClientUnaryCall;
  AdapterModify(argument: _flic_v1_AdapterModifyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_AdapterModifyResponse__Output>): grpc.ClientUnaryCall;
  AdapterModify(argument: _flic_v1_AdapterModifyRequest, callback: grpc.requestCallback<_flic_v1_AdapterModifyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Group 7, KVM_DEV_FLIC_ADAPTER_MODIFY (SET). Errnos: EINVAL (unknown adapter, MASK on a
   * non-maskable adapter, unknown type; legacy/tracked map modes: addr 0, map count exhausted,
   * legacy UNMAP of an unmapped address), EFAULT (legacy/tracked MAP of an address outside guest
   * memory), ENOENT (tracked UNMAP of an unmapped address).
   */
  adapterModify(argument: _flic_v1_AdapterModifyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_AdapterModifyResponse__Output>): grpc.ClientUnaryCall;
  adapterModify(argument: _flic_v1_AdapterModifyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_AdapterModifyResponse__Output>): grpc.ClientUnaryCall;
  adapterModify(argument: _flic_v1_AdapterModifyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_AdapterModifyResponse__Output>): grpc.ClientUnaryCall;
  adapterModify(argument: _flic_v1_AdapterModifyRequest, callback: grpc.requestCallback<_flic_v1_AdapterModifyResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Group 6, KVM_DEV_FLIC_ADAPTER_REGISTER (SET). Errnos: EINVAL (id >= 64, id already
   * registered).
   */
  AdapterRegister(argument: _flic_v1_AdapterRegisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_AdapterRegisterResponse__Output>): grpc.ClientUnaryCall;
  AdapterRegister(argument: _flic_v1_AdapterRegisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_AdapterRegisterResponse__Output>): grpc.ClientUnaryCall;
  AdapterRegister(argument: _flic_v1_AdapterRegisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_AdapterRegisterResponse__Output>): grpc.ClientUnaryCall;
  AdapterRegister(argument: _flic_v1_AdapterRegisterRequest, callback: grpc.requestCallback<_flic_v1_AdapterRegisterResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Group 6, KVM_DEV_FLIC_ADAPTER_REGISTER (SET). Errnos: EINVAL (id >= 64, id already
   * registered).
   */
  adapterRegister(argument: _flic_v1_AdapterRegisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_AdapterRegisterResponse__Output>): grpc.ClientUnaryCall;
  adapterRegister(argument: _flic_v1_AdapterRegisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_AdapterRegisterResponse__Output>): grpc.ClientUnaryCall;
  adapterRegister(argument: _flic_v1_AdapterRegisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_AdapterRegisterResponse__Output>): grpc.ClientUnaryCall;
  adapterRegister(argument: _flic_v1_AdapterRegisterRequest, callback: grpc.requestCallback<_flic_v1_AdapterRegisterResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Group 10, KVM_DEV_FLIC_AIRQ_INJECT (SET). Errnos: EINVAL (no adapter with that id), EBUSY
   * (the I/O queue is full), ENOMEM (the pending-interrupt budget, as for Enqueue). A suppressed
   * injection succeeds.
   */
  AirqInject(argument: _flic_v1_AirqInjectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_AirqInjectResponse__Output>): grpc.ClientUnaryCall;
  AirqInject(argument: _flic_v1_AirqInjectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_AirqInjectResponse__Output>): grpc.ClientUnaryCall;
  AirqInject(argument: _flic_v1_AirqInjectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_AirqInjectResponse__Output>): grpc.ClientUnaryCall;
  AirqInject(argument: _flic_v1_AirqInjectRequest, callback: grpc.requestCallback<_flic_v1_AirqInjectResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Group 10, KVM_DEV_FLIC_AIRQ_INJECT (SET). Errnos: EINVAL (no adapter with that id), EBUSY
   * (the I/O queue is full), ENOMEM (the pending-interrupt budget, as for Enqueue). A suppressed
   * injection succeeds.
   */
  airqInject(argument: _flic_v1_AirqInjectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_AirqInjectResponse__Output>): grpc.ClientUnaryCall;
  airqInject(argument: _flic_v1_AirqInjectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_AirqInjectResponse__Output>): grpc.ClientUnaryCall;
  airqInject(argument: _flic_v1_AirqInjectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_AirqInjectResponse__Output>): grpc.ClientUnaryCall;
  airqInject(argument: _flic_v1_AirqInjectRequest, callback: grpc.requestCallback<_flic_v1_AirqInjectResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Group 9, KVM_DEV_FLIC_AISM (SET). Errnos: EOPNOTSUPP (no AIS facility), EINVAL (isc > 7,
   * unknown mode).
   */
  Aism(argument: _flic_v1_AismRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_AismResponse__Output>): grpc.ClientUnaryCall;
  Aism(argument: _flic_v1_AismRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_AismResponse__Output>): grpc.ClientUnaryCall;
  Aism(argument: _flic_v1_AismRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_AismResponse__Output>): grpc.ClientUnaryCall;
  Aism(argument: _flic_v1_AismRequest, callback: grpc.requestCallback<_flic_v1_AismResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Group 9, KVM_DEV_FLIC_AISM (SET). Errnos: EOPNOTSUPP (no AIS facility), EINVAL (isc > 7,
   * unknown mode).
   */
  aism(argument: _flic_v1_AismRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_AismResponse__Output>): grpc.ClientUnaryCall;
  aism(argument: _flic_v1_AismRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_AismResponse__Output>): grpc.ClientUnaryCall;
  aism(argument: _flic_v1_AismRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_AismResponse__Output>): grpc.ClientUnaryCall;
  aism(argument: _flic_v1_AismRequest, callback: grpc.requestCallback<_flic_v1_AismResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Group 5, KVM_DEV_FLIC_APF_DISABLE_WAIT (SET). Errnos: EINVAL (ucontrol VM).
   */
  ApfDisableWait(argument: _flic_v1_ApfDisableWaitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ApfDisableWaitResponse__Output>): grpc.ClientUnaryCall;
  ApfDisableWait(argument: _flic_v1_ApfDisableWaitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_ApfDisableWaitResponse__Output>): grpc.ClientUnaryCall;
  ApfDisableWait(argument: _flic_v1_ApfDisableWaitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ApfDisableWaitResponse__Output>): grpc.ClientUnaryCall;
  ApfDisableWait(argument: _flic_v1_ApfDisableWaitRequest, callback: grpc.requestCallback<_flic_v1_ApfDisableWaitResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Group 5, KVM_DEV_FLIC_APF_DISABLE_WAIT (SET). Errnos: EINVAL (ucontrol VM).
   */
  apfDisableWait(argument: _flic_v1_ApfDisableWaitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ApfDisableWaitResponse__Output>): grpc.ClientUnaryCall;
  apfDisableWait(argument: _flic_v1_ApfDisableWaitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_ApfDisableWaitResponse__Output>): grpc.ClientUnaryCall;
  apfDisableWait(argument: _flic_v1_ApfDisableWaitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ApfDisableWaitResponse__Output>): grpc.ClientUnaryCall;
  apfDisableWait(argument: _flic_v1_ApfDisableWaitRequest, callback: grpc.requestCallback<_flic_v1_ApfDisableWaitResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Group 4, KVM_DEV_FLIC_APF_ENABLE (SET). Errnos: EINVAL (ucontrol VM).
   */
  ApfEnable(argument: _flic_v1_ApfEnableRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ApfEnableResponse__Output>): grpc.ClientUnaryCall;
  ApfEnable(argument: _flic_v1_ApfEnableRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_ApfEnableResponse__Output>): grpc.ClientUnaryCall;
  ApfEnable(argument: _flic_v1_ApfEnableRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ApfEnableResponse__Output>): grpc.ClientUnaryCall;
  ApfEnable(argument: _flic_v1_ApfEnableRequest, callback: grpc.requestCallback<_flic_v1_ApfEnableResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Group 4, KVM_DEV_FLIC_APF_ENABLE (SET). Errnos: EINVAL (ucontrol VM).
   */
  apfEnable(argument: _flic_v1_ApfEnableRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ApfEnableResponse__Output>): grpc.ClientUnaryCall;
  apfEnable(argument: _flic_v1_ApfEnableRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_ApfEnableResponse__Output>): grpc.ClientUnaryCall;
  apfEnable(argument: _flic_v1_ApfEnableRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ApfEnableResponse__Output>): grpc.ClientUnaryCall;
  apfEnable(argument: _flic_v1_ApfEnableRequest, callback: grpc.requestCallback<_flic_v1_ApfEnableResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Group 8, KVM_DEV_FLIC_CLEAR_IO_IRQ (SET). Errnos: EINVAL (subchannel_id and subchannel_nr
   * both 0).
   */
  ClearIoIrq(argument: _flic_v1_ClearIoIrqRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ClearIoIrqResponse__Output>): grpc.ClientUnaryCall;
  ClearIoIrq(argument: _flic_v1_ClearIoIrqRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_ClearIoIrqResponse__Output>): grpc.ClientUnaryCall;
  ClearIoIrq(argument: _flic_v1_ClearIoIrqRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ClearIoIrqResponse__Output>): grpc.ClientUnaryCall;
  ClearIoIrq(argument: _flic_v1_ClearIoIrqRequest, callback: grpc.requestCallback<_flic_v1_ClearIoIrqResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Group 8, KVM_DEV_FLIC_CLEAR_IO_IRQ (SET). Errnos: EINVAL (subchannel_id and subchannel_nr
   * both 0).
   */
  clearIoIrq(argument: _flic_v1_ClearIoIrqRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ClearIoIrqResponse__Output>): grpc.ClientUnaryCall;
  clearIoIrq(argument: _flic_v1_ClearIoIrqRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_ClearIoIrqResponse__Output>): grpc.ClientUnaryCall;
  clearIoIrq(argument: _flic_v1_ClearIoIrqRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ClearIoIrqResponse__Output>): grpc.ClientUnaryCall;
  clearIoIrq(argument: _flic_v1_ClearIoIrqRequest, callback: grpc.requestCallback<_flic_v1_ClearIoIrqResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Group 3, KVM_DEV_FLIC_CLEAR_IRQS (SET). No errnos.
   */
  ClearIrqs(argument: _flic_v1_ClearIrqsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ClearIrqsResponse__Output>): grpc.ClientUnaryCall;
  ClearIrqs(argument: _flic_v1_ClearIrqsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_ClearIrqsResponse__Output>): grpc.ClientUnaryCall;
  ClearIrqs(argument: _flic_v1_ClearIrqsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ClearIrqsResponse__Output>): grpc.ClientUnaryCall;
  ClearIrqs(argument: _flic_v1_ClearIrqsRequest, callback: grpc.requestCallback<_flic_v1_ClearIrqsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Group 3, KVM_DEV_FLIC_CLEAR_IRQS (SET). No errnos.
   */
  clearIrqs(argument: _flic_v1_ClearIrqsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ClearIrqsResponse__Output>): grpc.ClientUnaryCall;
  clearIrqs(argument: _flic_v1_ClearIrqsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_ClearIrqsResponse__Output>): grpc.ClientUnaryCall;
  clearIrqs(argument: _flic_v1_ClearIrqsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ClearIrqsResponse__Output>): grpc.ClientUnaryCall;
  clearIrqs(argument: _flic_v1_ClearIrqsRequest, callback: grpc.requestCallback<_flic_v1_ClearIrqsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * KVM_CREATE_DEVICE. Errnos: ENODEV (type is not a registered device type; FLIC is 6),
   * EINVAL (a FLIC already exists on this VM; a TEST create still succeeds), ENOENT.
   */
  CreateDevice(argument: _flic_v1_CreateDeviceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_CreateDeviceResponse__Output>): grpc.ClientUnaryCall;
  CreateDevice(argument: _flic_v1_CreateDeviceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_CreateDeviceResponse__Output>): grpc.ClientUnaryCall;
  CreateDevice(argument: _flic_v1_CreateDeviceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_CreateDeviceResponse__Output>): grpc.ClientUnaryCall;
  CreateDevice(argument: _flic_v1_CreateDeviceRequest, callback: grpc.requestCallback<_flic_v1_CreateDeviceResponse__Output>): grpc.ClientUnaryCall;
  /**
   * KVM_CREATE_DEVICE. Errnos: ENODEV (type is not a registered device type; FLIC is 6),
   * EINVAL (a FLIC already exists on this VM; a TEST create still succeeds), ENOENT.
   */
  createDevice(argument: _flic_v1_CreateDeviceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_CreateDeviceResponse__Output>): grpc.ClientUnaryCall;
  createDevice(argument: _flic_v1_CreateDeviceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_CreateDeviceResponse__Output>): grpc.ClientUnaryCall;
  createDevice(argument: _flic_v1_CreateDeviceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_CreateDeviceResponse__Output>): grpc.ClientUnaryCall;
  createDevice(argument: _flic_v1_CreateDeviceRequest, callback: grpc.requestCallback<_flic_v1_CreateDeviceResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Creates a VM (no FLIC yet). Errnos: EINVAL (vm_id empty, over 128 characters, not printable
   * ASCII or with a space; bad configuration), EEXIST (the vm_id exists), ENOSPC (the server's VM
   * limit is reached).
   */
  CreateVm(argument: _flic_v1_CreateVmRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_CreateVmResponse__Output>): grpc.ClientUnaryCall;
  CreateVm(argument: _flic_v1_CreateVmRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_CreateVmResponse__Output>): grpc.ClientUnaryCall;
  CreateVm(argument: _flic_v1_CreateVmRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_CreateVmResponse__Output>): grpc.ClientUnaryCall;
  CreateVm(argument: _flic_v1_CreateVmRequest, callback: grpc.requestCallback<_flic_v1_CreateVmResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Creates a VM (no FLIC yet). Errnos: EINVAL (vm_id empty, over 128 characters, not printable
   * ASCII or with a space; bad configuration), EEXIST (the vm_id exists), ENOSPC (the server's VM
   * limit is reached).
   */
  createVm(argument: _flic_v1_CreateVmRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_CreateVmResponse__Output>): grpc.ClientUnaryCall;
  createVm(argument: _flic_v1_CreateVmRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_CreateVmResponse__Output>): grpc.ClientUnaryCall;
  createVm(argument: _flic_v1_CreateVmRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_CreateVmResponse__Output>): grpc.ClientUnaryCall;
  createVm(argument: _flic_v1_CreateVmRequest, callback: grpc.requestCallback<_flic_v1_CreateVmResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Destroys a VM and its FLIC. Errnos: ENOENT; with expected_state_sha256, EINVAL (not 32 bytes)
   * and ESTALE (the VM's state is no longer the one named: nothing is deleted).
   */
  DeleteVm(argument: _flic_v1_DeleteVmRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_DeleteVmResponse__Output>): grpc.ClientUnaryCall;
  DeleteVm(argument: _flic_v1_DeleteVmRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_DeleteVmResponse__Output>): grpc.ClientUnaryCall;
  DeleteVm(argument: _flic_v1_DeleteVmRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_DeleteVmResponse__Output>): grpc.ClientUnaryCall;
  DeleteVm(argument: _flic_v1_DeleteVmRequest, callback: grpc.requestCallback<_flic_v1_DeleteVmResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Destroys a VM and its FLIC. Errnos: ENOENT; with expected_state_sha256, EINVAL (not 32 bytes)
   * and ESTALE (the VM's state is no longer the one named: nothing is deleted).
   */
  deleteVm(argument: _flic_v1_DeleteVmRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_DeleteVmResponse__Output>): grpc.ClientUnaryCall;
  deleteVm(argument: _flic_v1_DeleteVmRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_DeleteVmResponse__Output>): grpc.ClientUnaryCall;
  deleteVm(argument: _flic_v1_DeleteVmRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_DeleteVmResponse__Output>): grpc.ClientUnaryCall;
  deleteVm(argument: _flic_v1_DeleteVmRequest, callback: grpc.requestCallback<_flic_v1_DeleteVmResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A vCPU takes at most one floating interrupt: the highest deliverable pending bit, with what
   * taking it stores into lowcore. Errnos: EINVAL (cpu_id >= max_vcpus; local_pending with a bit
   * that is not a local interrupt's; iictl above 4, or not 0 on a VM that is not protected),
   * EBUSY (a second wait for a cpu_id that is already waiting), ENOENT (the VM was deleted while
   * the vCPU waited).
   */
  Deliver(argument: _flic_v1_DeliverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_DeliverResponse__Output>): grpc.ClientUnaryCall;
  Deliver(argument: _flic_v1_DeliverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_DeliverResponse__Output>): grpc.ClientUnaryCall;
  Deliver(argument: _flic_v1_DeliverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_DeliverResponse__Output>): grpc.ClientUnaryCall;
  Deliver(argument: _flic_v1_DeliverRequest, callback: grpc.requestCallback<_flic_v1_DeliverResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A vCPU takes at most one floating interrupt: the highest deliverable pending bit, with what
   * taking it stores into lowcore. Errnos: EINVAL (cpu_id >= max_vcpus; local_pending with a bit
   * that is not a local interrupt's; iictl above 4, or not 0 on a VM that is not protected),
   * EBUSY (a second wait for a cpu_id that is already waiting), ENOENT (the VM was deleted while
   * the vCPU waited).
   */
  deliver(argument: _flic_v1_DeliverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_DeliverResponse__Output>): grpc.ClientUnaryCall;
  deliver(argument: _flic_v1_DeliverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_DeliverResponse__Output>): grpc.ClientUnaryCall;
  deliver(argument: _flic_v1_DeliverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_DeliverResponse__Output>): grpc.ClientUnaryCall;
  deliver(argument: _flic_v1_DeliverRequest, callback: grpc.requestCallback<_flic_v1_DeliverResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Group 2, KVM_DEV_FLIC_ENQUEUE (SET). Errnos: EINVAL (more than 0x2000000 bytes of records; a
   * type that is not a floating interrupt, including PFAULT_INIT; the original profile's list
   * limit), EBUSY (the I/O, VIRTIO or PFAULT_DONE queue is full), ENOMEM (the server's
   * pending-interrupt budget has no room for what the call's records could need; ErrorInfo metadata
   * pendingBudgetBytes, pendingBytesUsed, pendingBytesNeeded). Records before the failing one stay
   * injected; a call refused with ENOMEM takes none.
   */
  Enqueue(argument: _flic_v1_EnqueueRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_EnqueueResponse__Output>): grpc.ClientUnaryCall;
  Enqueue(argument: _flic_v1_EnqueueRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_EnqueueResponse__Output>): grpc.ClientUnaryCall;
  Enqueue(argument: _flic_v1_EnqueueRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_EnqueueResponse__Output>): grpc.ClientUnaryCall;
  Enqueue(argument: _flic_v1_EnqueueRequest, callback: grpc.requestCallback<_flic_v1_EnqueueResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Group 2, KVM_DEV_FLIC_ENQUEUE (SET). Errnos: EINVAL (more than 0x2000000 bytes of records; a
   * type that is not a floating interrupt, including PFAULT_INIT; the original profile's list
   * limit), EBUSY (the I/O, VIRTIO or PFAULT_DONE queue is full), ENOMEM (the server's
   * pending-interrupt budget has no room for what the call's records could need; ErrorInfo metadata
   * pendingBudgetBytes, pendingBytesUsed, pendingBytesNeeded). Records before the failing one stay
   * injected; a call refused with ENOMEM takes none.
   */
  enqueue(argument: _flic_v1_EnqueueRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_EnqueueResponse__Output>): grpc.ClientUnaryCall;
  enqueue(argument: _flic_v1_EnqueueRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_EnqueueResponse__Output>): grpc.ClientUnaryCall;
  enqueue(argument: _flic_v1_EnqueueRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_EnqueueResponse__Output>): grpc.ClientUnaryCall;
  enqueue(argument: _flic_v1_EnqueueRequest, callback: grpc.requestCallback<_flic_v1_EnqueueResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The VM's state as a blob; changes nothing (not even the GISA bits GET_ALL_IRQS would take).
   * FLIC format: everything, the configuration and whether the FLIC exists included. QEMU format:
   * the body of QEMU's s390-flic VMState section. Errnos: ENOENT, ENODEV (QEMU format, no FLIC),
   * EINVAL (a format that does not exist).
   */
  ExportVm(argument: _flic_v1_ExportVmRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ExportVmResponse__Output>): grpc.ClientUnaryCall;
  ExportVm(argument: _flic_v1_ExportVmRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_ExportVmResponse__Output>): grpc.ClientUnaryCall;
  ExportVm(argument: _flic_v1_ExportVmRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ExportVmResponse__Output>): grpc.ClientUnaryCall;
  ExportVm(argument: _flic_v1_ExportVmRequest, callback: grpc.requestCallback<_flic_v1_ExportVmResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The VM's state as a blob; changes nothing (not even the GISA bits GET_ALL_IRQS would take).
   * FLIC format: everything, the configuration and whether the FLIC exists included. QEMU format:
   * the body of QEMU's s390-flic VMState section. Errnos: ENOENT, ENODEV (QEMU format, no FLIC),
   * EINVAL (a format that does not exist).
   */
  exportVm(argument: _flic_v1_ExportVmRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ExportVmResponse__Output>): grpc.ClientUnaryCall;
  exportVm(argument: _flic_v1_ExportVmRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_ExportVmResponse__Output>): grpc.ClientUnaryCall;
  exportVm(argument: _flic_v1_ExportVmRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ExportVmResponse__Output>): grpc.ClientUnaryCall;
  exportVm(argument: _flic_v1_ExportVmRequest, callback: grpc.requestCallback<_flic_v1_ExportVmResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Group 11, KVM_DEV_FLIC_AISM_ALL (GET). Errnos: EINVAL (buffer_len 1), EOPNOTSUPP (no AIS
   * facility).
   */
  GetAismAll(argument: _flic_v1_GetAismAllRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_GetAismAllResponse__Output>): grpc.ClientUnaryCall;
  GetAismAll(argument: _flic_v1_GetAismAllRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_GetAismAllResponse__Output>): grpc.ClientUnaryCall;
  GetAismAll(argument: _flic_v1_GetAismAllRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_GetAismAllResponse__Output>): grpc.ClientUnaryCall;
  GetAismAll(argument: _flic_v1_GetAismAllRequest, callback: grpc.requestCallback<_flic_v1_GetAismAllResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Group 11, KVM_DEV_FLIC_AISM_ALL (GET). Errnos: EINVAL (buffer_len 1), EOPNOTSUPP (no AIS
   * facility).
   */
  getAismAll(argument: _flic_v1_GetAismAllRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_GetAismAllResponse__Output>): grpc.ClientUnaryCall;
  getAismAll(argument: _flic_v1_GetAismAllRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_GetAismAllResponse__Output>): grpc.ClientUnaryCall;
  getAismAll(argument: _flic_v1_GetAismAllRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_GetAismAllResponse__Output>): grpc.ClientUnaryCall;
  getAismAll(argument: _flic_v1_GetAismAllRequest, callback: grpc.requestCallback<_flic_v1_GetAismAllResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Group 1, KVM_DEV_FLIC_GET_ALL_IRQS (GET). Errnos: EINVAL (buffer_len 0 or above 0x2000000),
   * ENOMEM (buffer_len too small; ErrorInfo metadata requiredBytes says how many bytes suffice;
   * with the original profile the records written before the failure travel in the
   * `flic-written-bin` trailer), ENOBUFS (kernel allocation failure; never produced by the model).
   */
  GetAllIrqs(argument: _flic_v1_GetAllIrqsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_GetAllIrqsResponse__Output>): grpc.ClientUnaryCall;
  GetAllIrqs(argument: _flic_v1_GetAllIrqsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_GetAllIrqsResponse__Output>): grpc.ClientUnaryCall;
  GetAllIrqs(argument: _flic_v1_GetAllIrqsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_GetAllIrqsResponse__Output>): grpc.ClientUnaryCall;
  GetAllIrqs(argument: _flic_v1_GetAllIrqsRequest, callback: grpc.requestCallback<_flic_v1_GetAllIrqsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Group 1, KVM_DEV_FLIC_GET_ALL_IRQS (GET). Errnos: EINVAL (buffer_len 0 or above 0x2000000),
   * ENOMEM (buffer_len too small; ErrorInfo metadata requiredBytes says how many bytes suffice;
   * with the original profile the records written before the failure travel in the
   * `flic-written-bin` trailer), ENOBUFS (kernel allocation failure; never produced by the model).
   */
  getAllIrqs(argument: _flic_v1_GetAllIrqsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_GetAllIrqsResponse__Output>): grpc.ClientUnaryCall;
  getAllIrqs(argument: _flic_v1_GetAllIrqsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_GetAllIrqsResponse__Output>): grpc.ClientUnaryCall;
  getAllIrqs(argument: _flic_v1_GetAllIrqsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_GetAllIrqsResponse__Output>): grpc.ClientUnaryCall;
  getAllIrqs(argument: _flic_v1_GetAllIrqsRequest, callback: grpc.requestCallback<_flic_v1_GetAllIrqsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * KVM_GET_DEVICE_ATTR on any group. Errnos: as each group's typed RPC below, plus EINVAL for an
   * unknown group or a SET-only group, and EFAULT when the write to `bad_addr` fails.
   */
  GetDeviceAttr(argument: _flic_v1_DeviceAttrRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  GetDeviceAttr(argument: _flic_v1_DeviceAttrRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  GetDeviceAttr(argument: _flic_v1_DeviceAttrRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  GetDeviceAttr(argument: _flic_v1_DeviceAttrRequest, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  /**
   * KVM_GET_DEVICE_ATTR on any group. Errnos: as each group's typed RPC below, plus EINVAL for an
   * unknown group or a SET-only group, and EFAULT when the write to `bad_addr` fails.
   */
  getDeviceAttr(argument: _flic_v1_DeviceAttrRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  getDeviceAttr(argument: _flic_v1_DeviceAttrRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  getDeviceAttr(argument: _flic_v1_DeviceAttrRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  getDeviceAttr(argument: _flic_v1_DeviceAttrRequest, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * KVM_HAS_DEVICE_ATTR. Errnos: ENXIO (group other than 1..11), EPERM (original profile).
   */
  HasDeviceAttr(argument: _flic_v1_DeviceAttrRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  HasDeviceAttr(argument: _flic_v1_DeviceAttrRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  HasDeviceAttr(argument: _flic_v1_DeviceAttrRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  HasDeviceAttr(argument: _flic_v1_DeviceAttrRequest, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  /**
   * KVM_HAS_DEVICE_ATTR. Errnos: ENXIO (group other than 1..11), EPERM (original profile).
   */
  hasDeviceAttr(argument: _flic_v1_DeviceAttrRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  hasDeviceAttr(argument: _flic_v1_DeviceAttrRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  hasDeviceAttr(argument: _flic_v1_DeviceAttrRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  hasDeviceAttr(argument: _flic_v1_DeviceAttrRequest, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * FLIC format: creates vm_id from the blob, answering every RPC as the exported VM did. Errnos:
   * EINVAL (vm_id as for CreateVm), EEXIST, ENOSPC, all checked before the blob is read; then
   * EINVAL (a blob that is truncated, corrupted, of an unknown version, or holding a state no kernel
   * could hold; the detail says which), and nothing is created. QEMU format: loads into the existing
   * vm_id as QEMU's kvm_flic_load does. Errnos: ENOENT, ENODEV (no FLIC), EINVAL (a malformed blob,
   * before any change), ENQUEUE's errnos (records before the failing one stay), ENOSYS (the
   * s390-flic/ais subsection on a VM without AIS; the records stay).
   */
  ImportVm(argument: _flic_v1_ImportVmRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ImportVmResponse__Output>): grpc.ClientUnaryCall;
  ImportVm(argument: _flic_v1_ImportVmRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_ImportVmResponse__Output>): grpc.ClientUnaryCall;
  ImportVm(argument: _flic_v1_ImportVmRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ImportVmResponse__Output>): grpc.ClientUnaryCall;
  ImportVm(argument: _flic_v1_ImportVmRequest, callback: grpc.requestCallback<_flic_v1_ImportVmResponse__Output>): grpc.ClientUnaryCall;
  /**
   * FLIC format: creates vm_id from the blob, answering every RPC as the exported VM did. Errnos:
   * EINVAL (vm_id as for CreateVm), EEXIST, ENOSPC, all checked before the blob is read; then
   * EINVAL (a blob that is truncated, corrupted, of an unknown version, or holding a state no kernel
   * could hold; the detail says which), and nothing is created. QEMU format: loads into the existing
   * vm_id as QEMU's kvm_flic_load does. Errnos: ENOENT, ENODEV (no FLIC), EINVAL (a malformed blob,
   * before any change), ENQUEUE's errnos (records before the failing one stay), ENOSYS (the
   * s390-flic/ais subsection on a VM without AIS; the records stay).
   */
  importVm(argument: _flic_v1_ImportVmRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ImportVmResponse__Output>): grpc.ClientUnaryCall;
  importVm(argument: _flic_v1_ImportVmRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_ImportVmResponse__Output>): grpc.ClientUnaryCall;
  importVm(argument: _flic_v1_ImportVmRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ImportVmResponse__Output>): grpc.ClientUnaryCall;
  importVm(argument: _flic_v1_ImportVmRequest, callback: grpc.requestCallback<_flic_v1_ImportVmResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The model's read-only state (not a kernel call). Errnos: none beyond ENOENT and ENODEV.
   */
  Inspect(argument: _flic_v1_InspectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  Inspect(argument: _flic_v1_InspectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  Inspect(argument: _flic_v1_InspectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  Inspect(argument: _flic_v1_InspectRequest, callback: grpc.requestCallback<_flic_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The model's read-only state (not a kernel call). Errnos: none beyond ENOENT and ENODEV.
   */
  inspect(argument: _flic_v1_InspectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  inspect(argument: _flic_v1_InspectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  inspect(argument: _flic_v1_InspectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  inspect(argument: _flic_v1_InspectRequest, callback: grpc.requestCallback<_flic_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists the vm_ids of this server, and its boot id. No errnos.
   */
  ListVms(argument: _flic_v1_ListVmsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ListVmsResponse__Output>): grpc.ClientUnaryCall;
  ListVms(argument: _flic_v1_ListVmsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_ListVmsResponse__Output>): grpc.ClientUnaryCall;
  ListVms(argument: _flic_v1_ListVmsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ListVmsResponse__Output>): grpc.ClientUnaryCall;
  ListVms(argument: _flic_v1_ListVmsRequest, callback: grpc.requestCallback<_flic_v1_ListVmsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists the vm_ids of this server, and its boot id. No errnos.
   */
  listVms(argument: _flic_v1_ListVmsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ListVmsResponse__Output>): grpc.ClientUnaryCall;
  listVms(argument: _flic_v1_ListVmsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_ListVmsResponse__Output>): grpc.ClientUnaryCall;
  listVms(argument: _flic_v1_ListVmsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ListVmsResponse__Output>): grpc.ClientUnaryCall;
  listVms(argument: _flic_v1_ListVmsRequest, callback: grpc.requestCallback<_flic_v1_ListVmsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A protected guest issued an SCLP request: SERVICE is released from masked_irqs and marked
   * pending. Errnos: EINVAL (the VM is not protected).
   */
  PvSclpIntercept(argument: _flic_v1_PvSclpInterceptRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_PvSclpInterceptResponse__Output>): grpc.ClientUnaryCall;
  PvSclpIntercept(argument: _flic_v1_PvSclpInterceptRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_PvSclpInterceptResponse__Output>): grpc.ClientUnaryCall;
  PvSclpIntercept(argument: _flic_v1_PvSclpInterceptRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_PvSclpInterceptResponse__Output>): grpc.ClientUnaryCall;
  PvSclpIntercept(argument: _flic_v1_PvSclpInterceptRequest, callback: grpc.requestCallback<_flic_v1_PvSclpInterceptResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A protected guest issued an SCLP request: SERVICE is released from masked_irqs and marked
   * pending. Errnos: EINVAL (the VM is not protected).
   */
  pvSclpIntercept(argument: _flic_v1_PvSclpInterceptRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_PvSclpInterceptResponse__Output>): grpc.ClientUnaryCall;
  pvSclpIntercept(argument: _flic_v1_PvSclpInterceptRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_PvSclpInterceptResponse__Output>): grpc.ClientUnaryCall;
  pvSclpIntercept(argument: _flic_v1_PvSclpInterceptRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_PvSclpInterceptResponse__Output>): grpc.ClientUnaryCall;
  pvSclpIntercept(argument: _flic_v1_PvSclpInterceptRequest, callback: grpc.requestCallback<_flic_v1_PvSclpInterceptResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Puts a dequeued I/O interrupt back, as a fresh injection (the tail of its ISC queue, or its
   * GISA bit). Errnos: EINVAL (a type that is not an I/O type; the original profile's list
   * limit), EBUSY (the I/O queues are full), ENOMEM (the pending-interrupt budget, as for
   * Enqueue; nothing is put back).
   */
  ReinjectIo(argument: _flic_v1_ReinjectIoRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ReinjectIoResponse__Output>): grpc.ClientUnaryCall;
  ReinjectIo(argument: _flic_v1_ReinjectIoRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_ReinjectIoResponse__Output>): grpc.ClientUnaryCall;
  ReinjectIo(argument: _flic_v1_ReinjectIoRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ReinjectIoResponse__Output>): grpc.ClientUnaryCall;
  ReinjectIo(argument: _flic_v1_ReinjectIoRequest, callback: grpc.requestCallback<_flic_v1_ReinjectIoResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Puts a dequeued I/O interrupt back, as a fresh injection (the tail of its ISC queue, or its
   * GISA bit). Errnos: EINVAL (a type that is not an I/O type; the original profile's list
   * limit), EBUSY (the I/O queues are full), ENOMEM (the pending-interrupt budget, as for
   * Enqueue; nothing is put back).
   */
  reinjectIo(argument: _flic_v1_ReinjectIoRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ReinjectIoResponse__Output>): grpc.ClientUnaryCall;
  reinjectIo(argument: _flic_v1_ReinjectIoRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_ReinjectIoResponse__Output>): grpc.ClientUnaryCall;
  reinjectIo(argument: _flic_v1_ReinjectIoRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_ReinjectIoResponse__Output>): grpc.ClientUnaryCall;
  reinjectIo(argument: _flic_v1_ReinjectIoRequest, callback: grpc.requestCallback<_flic_v1_ReinjectIoResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Group 11, KVM_DEV_FLIC_AISM_ALL (SET). Errnos: EOPNOTSUPP (no AIS facility), EINVAL (a mask
   * above 255).
   */
  SetAismAll(argument: _flic_v1_SetAismAllRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_SetAismAllResponse__Output>): grpc.ClientUnaryCall;
  SetAismAll(argument: _flic_v1_SetAismAllRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_SetAismAllResponse__Output>): grpc.ClientUnaryCall;
  SetAismAll(argument: _flic_v1_SetAismAllRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_SetAismAllResponse__Output>): grpc.ClientUnaryCall;
  SetAismAll(argument: _flic_v1_SetAismAllRequest, callback: grpc.requestCallback<_flic_v1_SetAismAllResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Group 11, KVM_DEV_FLIC_AISM_ALL (SET). Errnos: EOPNOTSUPP (no AIS facility), EINVAL (a mask
   * above 255).
   */
  setAismAll(argument: _flic_v1_SetAismAllRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_SetAismAllResponse__Output>): grpc.ClientUnaryCall;
  setAismAll(argument: _flic_v1_SetAismAllRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_SetAismAllResponse__Output>): grpc.ClientUnaryCall;
  setAismAll(argument: _flic_v1_SetAismAllRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_SetAismAllResponse__Output>): grpc.ClientUnaryCall;
  setAismAll(argument: _flic_v1_SetAismAllRequest, callback: grpc.requestCallback<_flic_v1_SetAismAllResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * KVM_SET_DEVICE_ATTR on any group. Errnos: as each group's typed RPC below, plus EINVAL for an
   * unknown group or a GET-only group, and EFAULT when the group reads past `data` or `bad_addr`
   * is set.
   */
  SetDeviceAttr(argument: _flic_v1_DeviceAttrRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  SetDeviceAttr(argument: _flic_v1_DeviceAttrRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  SetDeviceAttr(argument: _flic_v1_DeviceAttrRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  SetDeviceAttr(argument: _flic_v1_DeviceAttrRequest, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  /**
   * KVM_SET_DEVICE_ATTR on any group. Errnos: as each group's typed RPC below, plus EINVAL for an
   * unknown group or a GET-only group, and EFAULT when the group reads past `data` or `bad_addr`
   * is set.
   */
  setDeviceAttr(argument: _flic_v1_DeviceAttrRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  setDeviceAttr(argument: _flic_v1_DeviceAttrRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  setDeviceAttr(argument: _flic_v1_DeviceAttrRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  setDeviceAttr(argument: _flic_v1_DeviceAttrRequest, callback: grpc.requestCallback<_flic_v1_DeviceAttrResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * TEST PENDING INTERRUPTION: dequeue one I/O interrupt of the ISCs in isc_mask (queues and
   * GISA). No errnos of its own.
   */
  Tpi(argument: _flic_v1_TpiRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_IoDequeueResponse__Output>): grpc.ClientUnaryCall;
  Tpi(argument: _flic_v1_TpiRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_IoDequeueResponse__Output>): grpc.ClientUnaryCall;
  Tpi(argument: _flic_v1_TpiRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_IoDequeueResponse__Output>): grpc.ClientUnaryCall;
  Tpi(argument: _flic_v1_TpiRequest, callback: grpc.requestCallback<_flic_v1_IoDequeueResponse__Output>): grpc.ClientUnaryCall;
  /**
   * TEST PENDING INTERRUPTION: dequeue one I/O interrupt of the ISCs in isc_mask (queues and
   * GISA). No errnos of its own.
   */
  tpi(argument: _flic_v1_TpiRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_IoDequeueResponse__Output>): grpc.ClientUnaryCall;
  tpi(argument: _flic_v1_TpiRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_IoDequeueResponse__Output>): grpc.ClientUnaryCall;
  tpi(argument: _flic_v1_TpiRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_IoDequeueResponse__Output>): grpc.ClientUnaryCall;
  tpi(argument: _flic_v1_TpiRequest, callback: grpc.requestCallback<_flic_v1_IoDequeueResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * TEST SUBCHANNEL: dequeue the oldest I/O interrupt of one subchannel, searching ISC 0 first.
   * No errnos of its own.
   */
  Tsch(argument: _flic_v1_TschRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_IoDequeueResponse__Output>): grpc.ClientUnaryCall;
  Tsch(argument: _flic_v1_TschRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_IoDequeueResponse__Output>): grpc.ClientUnaryCall;
  Tsch(argument: _flic_v1_TschRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_IoDequeueResponse__Output>): grpc.ClientUnaryCall;
  Tsch(argument: _flic_v1_TschRequest, callback: grpc.requestCallback<_flic_v1_IoDequeueResponse__Output>): grpc.ClientUnaryCall;
  /**
   * TEST SUBCHANNEL: dequeue the oldest I/O interrupt of one subchannel, searching ISC 0 first.
   * No errnos of its own.
   */
  tsch(argument: _flic_v1_TschRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_IoDequeueResponse__Output>): grpc.ClientUnaryCall;
  tsch(argument: _flic_v1_TschRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_flic_v1_IoDequeueResponse__Output>): grpc.ClientUnaryCall;
  tsch(argument: _flic_v1_TschRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_flic_v1_IoDequeueResponse__Output>): grpc.ClientUnaryCall;
  tsch(argument: _flic_v1_TschRequest, callback: grpc.requestCallback<_flic_v1_IoDequeueResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface FlicHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Group 7, KVM_DEV_FLIC_ADAPTER_MODIFY (SET). Errnos: EINVAL (unknown adapter, MASK on a
   * non-maskable adapter, unknown type; legacy/tracked map modes: addr 0, map count exhausted,
   * legacy UNMAP of an unmapped address), EFAULT (legacy/tracked MAP of an address outside guest
   * memory), ENOENT (tracked UNMAP of an unmapped address).
   */
  AdapterModify: grpc.handleUnaryCall<_flic_v1_AdapterModifyRequest__Output, _flic_v1_AdapterModifyResponse>;
  
  /**
   * Group 6, KVM_DEV_FLIC_ADAPTER_REGISTER (SET). Errnos: EINVAL (id >= 64, id already
   * registered).
   */
  AdapterRegister: grpc.handleUnaryCall<_flic_v1_AdapterRegisterRequest__Output, _flic_v1_AdapterRegisterResponse>;
  
  /**
   * Group 10, KVM_DEV_FLIC_AIRQ_INJECT (SET). Errnos: EINVAL (no adapter with that id), EBUSY
   * (the I/O queue is full), ENOMEM (the pending-interrupt budget, as for Enqueue). A suppressed
   * injection succeeds.
   */
  AirqInject: grpc.handleUnaryCall<_flic_v1_AirqInjectRequest__Output, _flic_v1_AirqInjectResponse>;
  
  /**
   * Group 9, KVM_DEV_FLIC_AISM (SET). Errnos: EOPNOTSUPP (no AIS facility), EINVAL (isc > 7,
   * unknown mode).
   */
  Aism: grpc.handleUnaryCall<_flic_v1_AismRequest__Output, _flic_v1_AismResponse>;
  
  /**
   * Group 5, KVM_DEV_FLIC_APF_DISABLE_WAIT (SET). Errnos: EINVAL (ucontrol VM).
   */
  ApfDisableWait: grpc.handleUnaryCall<_flic_v1_ApfDisableWaitRequest__Output, _flic_v1_ApfDisableWaitResponse>;
  
  /**
   * Group 4, KVM_DEV_FLIC_APF_ENABLE (SET). Errnos: EINVAL (ucontrol VM).
   */
  ApfEnable: grpc.handleUnaryCall<_flic_v1_ApfEnableRequest__Output, _flic_v1_ApfEnableResponse>;
  
  /**
   * Group 8, KVM_DEV_FLIC_CLEAR_IO_IRQ (SET). Errnos: EINVAL (subchannel_id and subchannel_nr
   * both 0).
   */
  ClearIoIrq: grpc.handleUnaryCall<_flic_v1_ClearIoIrqRequest__Output, _flic_v1_ClearIoIrqResponse>;
  
  /**
   * Group 3, KVM_DEV_FLIC_CLEAR_IRQS (SET). No errnos.
   */
  ClearIrqs: grpc.handleUnaryCall<_flic_v1_ClearIrqsRequest__Output, _flic_v1_ClearIrqsResponse>;
  
  /**
   * KVM_CREATE_DEVICE. Errnos: ENODEV (type is not a registered device type; FLIC is 6),
   * EINVAL (a FLIC already exists on this VM; a TEST create still succeeds), ENOENT.
   */
  CreateDevice: grpc.handleUnaryCall<_flic_v1_CreateDeviceRequest__Output, _flic_v1_CreateDeviceResponse>;
  
  /**
   * Creates a VM (no FLIC yet). Errnos: EINVAL (vm_id empty, over 128 characters, not printable
   * ASCII or with a space; bad configuration), EEXIST (the vm_id exists), ENOSPC (the server's VM
   * limit is reached).
   */
  CreateVm: grpc.handleUnaryCall<_flic_v1_CreateVmRequest__Output, _flic_v1_CreateVmResponse>;
  
  /**
   * Destroys a VM and its FLIC. Errnos: ENOENT; with expected_state_sha256, EINVAL (not 32 bytes)
   * and ESTALE (the VM's state is no longer the one named: nothing is deleted).
   */
  DeleteVm: grpc.handleUnaryCall<_flic_v1_DeleteVmRequest__Output, _flic_v1_DeleteVmResponse>;
  
  /**
   * A vCPU takes at most one floating interrupt: the highest deliverable pending bit, with what
   * taking it stores into lowcore. Errnos: EINVAL (cpu_id >= max_vcpus; local_pending with a bit
   * that is not a local interrupt's; iictl above 4, or not 0 on a VM that is not protected),
   * EBUSY (a second wait for a cpu_id that is already waiting), ENOENT (the VM was deleted while
   * the vCPU waited).
   */
  Deliver: grpc.handleUnaryCall<_flic_v1_DeliverRequest__Output, _flic_v1_DeliverResponse>;
  
  /**
   * Group 2, KVM_DEV_FLIC_ENQUEUE (SET). Errnos: EINVAL (more than 0x2000000 bytes of records; a
   * type that is not a floating interrupt, including PFAULT_INIT; the original profile's list
   * limit), EBUSY (the I/O, VIRTIO or PFAULT_DONE queue is full), ENOMEM (the server's
   * pending-interrupt budget has no room for what the call's records could need; ErrorInfo metadata
   * pendingBudgetBytes, pendingBytesUsed, pendingBytesNeeded). Records before the failing one stay
   * injected; a call refused with ENOMEM takes none.
   */
  Enqueue: grpc.handleUnaryCall<_flic_v1_EnqueueRequest__Output, _flic_v1_EnqueueResponse>;
  
  /**
   * The VM's state as a blob; changes nothing (not even the GISA bits GET_ALL_IRQS would take).
   * FLIC format: everything, the configuration and whether the FLIC exists included. QEMU format:
   * the body of QEMU's s390-flic VMState section. Errnos: ENOENT, ENODEV (QEMU format, no FLIC),
   * EINVAL (a format that does not exist).
   */
  ExportVm: grpc.handleUnaryCall<_flic_v1_ExportVmRequest__Output, _flic_v1_ExportVmResponse>;
  
  /**
   * Group 11, KVM_DEV_FLIC_AISM_ALL (GET). Errnos: EINVAL (buffer_len 1), EOPNOTSUPP (no AIS
   * facility).
   */
  GetAismAll: grpc.handleUnaryCall<_flic_v1_GetAismAllRequest__Output, _flic_v1_GetAismAllResponse>;
  
  /**
   * Group 1, KVM_DEV_FLIC_GET_ALL_IRQS (GET). Errnos: EINVAL (buffer_len 0 or above 0x2000000),
   * ENOMEM (buffer_len too small; ErrorInfo metadata requiredBytes says how many bytes suffice;
   * with the original profile the records written before the failure travel in the
   * `flic-written-bin` trailer), ENOBUFS (kernel allocation failure; never produced by the model).
   */
  GetAllIrqs: grpc.handleUnaryCall<_flic_v1_GetAllIrqsRequest__Output, _flic_v1_GetAllIrqsResponse>;
  
  /**
   * KVM_GET_DEVICE_ATTR on any group. Errnos: as each group's typed RPC below, plus EINVAL for an
   * unknown group or a SET-only group, and EFAULT when the write to `bad_addr` fails.
   */
  GetDeviceAttr: grpc.handleUnaryCall<_flic_v1_DeviceAttrRequest__Output, _flic_v1_DeviceAttrResponse>;
  
  /**
   * KVM_HAS_DEVICE_ATTR. Errnos: ENXIO (group other than 1..11), EPERM (original profile).
   */
  HasDeviceAttr: grpc.handleUnaryCall<_flic_v1_DeviceAttrRequest__Output, _flic_v1_DeviceAttrResponse>;
  
  /**
   * FLIC format: creates vm_id from the blob, answering every RPC as the exported VM did. Errnos:
   * EINVAL (vm_id as for CreateVm), EEXIST, ENOSPC, all checked before the blob is read; then
   * EINVAL (a blob that is truncated, corrupted, of an unknown version, or holding a state no kernel
   * could hold; the detail says which), and nothing is created. QEMU format: loads into the existing
   * vm_id as QEMU's kvm_flic_load does. Errnos: ENOENT, ENODEV (no FLIC), EINVAL (a malformed blob,
   * before any change), ENQUEUE's errnos (records before the failing one stay), ENOSYS (the
   * s390-flic/ais subsection on a VM without AIS; the records stay).
   */
  ImportVm: grpc.handleUnaryCall<_flic_v1_ImportVmRequest__Output, _flic_v1_ImportVmResponse>;
  
  /**
   * The model's read-only state (not a kernel call). Errnos: none beyond ENOENT and ENODEV.
   */
  Inspect: grpc.handleUnaryCall<_flic_v1_InspectRequest__Output, _flic_v1_InspectResponse>;
  
  /**
   * Lists the vm_ids of this server, and its boot id. No errnos.
   */
  ListVms: grpc.handleUnaryCall<_flic_v1_ListVmsRequest__Output, _flic_v1_ListVmsResponse>;
  
  /**
   * A protected guest issued an SCLP request: SERVICE is released from masked_irqs and marked
   * pending. Errnos: EINVAL (the VM is not protected).
   */
  PvSclpIntercept: grpc.handleUnaryCall<_flic_v1_PvSclpInterceptRequest__Output, _flic_v1_PvSclpInterceptResponse>;
  
  /**
   * Puts a dequeued I/O interrupt back, as a fresh injection (the tail of its ISC queue, or its
   * GISA bit). Errnos: EINVAL (a type that is not an I/O type; the original profile's list
   * limit), EBUSY (the I/O queues are full), ENOMEM (the pending-interrupt budget, as for
   * Enqueue; nothing is put back).
   */
  ReinjectIo: grpc.handleUnaryCall<_flic_v1_ReinjectIoRequest__Output, _flic_v1_ReinjectIoResponse>;
  
  /**
   * Group 11, KVM_DEV_FLIC_AISM_ALL (SET). Errnos: EOPNOTSUPP (no AIS facility), EINVAL (a mask
   * above 255).
   */
  SetAismAll: grpc.handleUnaryCall<_flic_v1_SetAismAllRequest__Output, _flic_v1_SetAismAllResponse>;
  
  /**
   * KVM_SET_DEVICE_ATTR on any group. Errnos: as each group's typed RPC below, plus EINVAL for an
   * unknown group or a GET-only group, and EFAULT when the group reads past `data` or `bad_addr`
   * is set.
   */
  SetDeviceAttr: grpc.handleUnaryCall<_flic_v1_DeviceAttrRequest__Output, _flic_v1_DeviceAttrResponse>;
  
  /**
   * TEST PENDING INTERRUPTION: dequeue one I/O interrupt of the ISCs in isc_mask (queues and
   * GISA). No errnos of its own.
   */
  Tpi: grpc.handleUnaryCall<_flic_v1_TpiRequest__Output, _flic_v1_IoDequeueResponse>;
  
  /**
   * TEST SUBCHANNEL: dequeue the oldest I/O interrupt of one subchannel, searching ISC 0 first.
   * No errnos of its own.
   */
  Tsch: grpc.handleUnaryCall<_flic_v1_TschRequest__Output, _flic_v1_IoDequeueResponse>;
  
}

export interface FlicDefinition extends grpc.ServiceDefinition {
  AdapterModify: MethodDefinition<_flic_v1_AdapterModifyRequest, _flic_v1_AdapterModifyResponse, _flic_v1_AdapterModifyRequest__Output, _flic_v1_AdapterModifyResponse__Output>
  AdapterRegister: MethodDefinition<_flic_v1_AdapterRegisterRequest, _flic_v1_AdapterRegisterResponse, _flic_v1_AdapterRegisterRequest__Output, _flic_v1_AdapterRegisterResponse__Output>
  AirqInject: MethodDefinition<_flic_v1_AirqInjectRequest, _flic_v1_AirqInjectResponse, _flic_v1_AirqInjectRequest__Output, _flic_v1_AirqInjectResponse__Output>
  Aism: MethodDefinition<_flic_v1_AismRequest, _flic_v1_AismResponse, _flic_v1_AismRequest__Output, _flic_v1_AismResponse__Output>
  ApfDisableWait: MethodDefinition<_flic_v1_ApfDisableWaitRequest, _flic_v1_ApfDisableWaitResponse, _flic_v1_ApfDisableWaitRequest__Output, _flic_v1_ApfDisableWaitResponse__Output>
  ApfEnable: MethodDefinition<_flic_v1_ApfEnableRequest, _flic_v1_ApfEnableResponse, _flic_v1_ApfEnableRequest__Output, _flic_v1_ApfEnableResponse__Output>
  ClearIoIrq: MethodDefinition<_flic_v1_ClearIoIrqRequest, _flic_v1_ClearIoIrqResponse, _flic_v1_ClearIoIrqRequest__Output, _flic_v1_ClearIoIrqResponse__Output>
  ClearIrqs: MethodDefinition<_flic_v1_ClearIrqsRequest, _flic_v1_ClearIrqsResponse, _flic_v1_ClearIrqsRequest__Output, _flic_v1_ClearIrqsResponse__Output>
  CreateDevice: MethodDefinition<_flic_v1_CreateDeviceRequest, _flic_v1_CreateDeviceResponse, _flic_v1_CreateDeviceRequest__Output, _flic_v1_CreateDeviceResponse__Output>
  CreateVm: MethodDefinition<_flic_v1_CreateVmRequest, _flic_v1_CreateVmResponse, _flic_v1_CreateVmRequest__Output, _flic_v1_CreateVmResponse__Output>
  DeleteVm: MethodDefinition<_flic_v1_DeleteVmRequest, _flic_v1_DeleteVmResponse, _flic_v1_DeleteVmRequest__Output, _flic_v1_DeleteVmResponse__Output>
  Deliver: MethodDefinition<_flic_v1_DeliverRequest, _flic_v1_DeliverResponse, _flic_v1_DeliverRequest__Output, _flic_v1_DeliverResponse__Output>
  Enqueue: MethodDefinition<_flic_v1_EnqueueRequest, _flic_v1_EnqueueResponse, _flic_v1_EnqueueRequest__Output, _flic_v1_EnqueueResponse__Output>
  ExportVm: MethodDefinition<_flic_v1_ExportVmRequest, _flic_v1_ExportVmResponse, _flic_v1_ExportVmRequest__Output, _flic_v1_ExportVmResponse__Output>
  GetAismAll: MethodDefinition<_flic_v1_GetAismAllRequest, _flic_v1_GetAismAllResponse, _flic_v1_GetAismAllRequest__Output, _flic_v1_GetAismAllResponse__Output>
  GetAllIrqs: MethodDefinition<_flic_v1_GetAllIrqsRequest, _flic_v1_GetAllIrqsResponse, _flic_v1_GetAllIrqsRequest__Output, _flic_v1_GetAllIrqsResponse__Output>
  GetDeviceAttr: MethodDefinition<_flic_v1_DeviceAttrRequest, _flic_v1_DeviceAttrResponse, _flic_v1_DeviceAttrRequest__Output, _flic_v1_DeviceAttrResponse__Output>
  HasDeviceAttr: MethodDefinition<_flic_v1_DeviceAttrRequest, _flic_v1_DeviceAttrResponse, _flic_v1_DeviceAttrRequest__Output, _flic_v1_DeviceAttrResponse__Output>
  ImportVm: MethodDefinition<_flic_v1_ImportVmRequest, _flic_v1_ImportVmResponse, _flic_v1_ImportVmRequest__Output, _flic_v1_ImportVmResponse__Output>
  Inspect: MethodDefinition<_flic_v1_InspectRequest, _flic_v1_InspectResponse, _flic_v1_InspectRequest__Output, _flic_v1_InspectResponse__Output>
  ListVms: MethodDefinition<_flic_v1_ListVmsRequest, _flic_v1_ListVmsResponse, _flic_v1_ListVmsRequest__Output, _flic_v1_ListVmsResponse__Output>
  PvSclpIntercept: MethodDefinition<_flic_v1_PvSclpInterceptRequest, _flic_v1_PvSclpInterceptResponse, _flic_v1_PvSclpInterceptRequest__Output, _flic_v1_PvSclpInterceptResponse__Output>
  ReinjectIo: MethodDefinition<_flic_v1_ReinjectIoRequest, _flic_v1_ReinjectIoResponse, _flic_v1_ReinjectIoRequest__Output, _flic_v1_ReinjectIoResponse__Output>
  SetAismAll: MethodDefinition<_flic_v1_SetAismAllRequest, _flic_v1_SetAismAllResponse, _flic_v1_SetAismAllRequest__Output, _flic_v1_SetAismAllResponse__Output>
  SetDeviceAttr: MethodDefinition<_flic_v1_DeviceAttrRequest, _flic_v1_DeviceAttrResponse, _flic_v1_DeviceAttrRequest__Output, _flic_v1_DeviceAttrResponse__Output>
  Tpi: MethodDefinition<_flic_v1_TpiRequest, _flic_v1_IoDequeueResponse, _flic_v1_TpiRequest__Output, _flic_v1_IoDequeueResponse__Output>
  Tsch: MethodDefinition<_flic_v1_TschRequest, _flic_v1_IoDequeueResponse, _flic_v1_TschRequest__Output, _flic_v1_IoDequeueResponse__Output>
}
