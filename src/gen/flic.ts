import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AdapterModifyRequest as _flic_v1_AdapterModifyRequest, AdapterModifyRequest__Output as _flic_v1_AdapterModifyRequest__Output } from './flic/v1/AdapterModifyRequest.js';
import type { AdapterModifyResponse as _flic_v1_AdapterModifyResponse, AdapterModifyResponse__Output as _flic_v1_AdapterModifyResponse__Output } from './flic/v1/AdapterModifyResponse.js';
import type { AdapterRegisterRequest as _flic_v1_AdapterRegisterRequest, AdapterRegisterRequest__Output as _flic_v1_AdapterRegisterRequest__Output } from './flic/v1/AdapterRegisterRequest.js';
import type { AdapterRegisterResponse as _flic_v1_AdapterRegisterResponse, AdapterRegisterResponse__Output as _flic_v1_AdapterRegisterResponse__Output } from './flic/v1/AdapterRegisterResponse.js';
import type { AdapterState as _flic_v1_AdapterState, AdapterState__Output as _flic_v1_AdapterState__Output } from './flic/v1/AdapterState.js';
import type { AirqInjectRequest as _flic_v1_AirqInjectRequest, AirqInjectRequest__Output as _flic_v1_AirqInjectRequest__Output } from './flic/v1/AirqInjectRequest.js';
import type { AirqInjectResponse as _flic_v1_AirqInjectResponse, AirqInjectResponse__Output as _flic_v1_AirqInjectResponse__Output } from './flic/v1/AirqInjectResponse.js';
import type { AisState as _flic_v1_AisState, AisState__Output as _flic_v1_AisState__Output } from './flic/v1/AisState.js';
import type { AismRequest as _flic_v1_AismRequest, AismRequest__Output as _flic_v1_AismRequest__Output } from './flic/v1/AismRequest.js';
import type { AismResponse as _flic_v1_AismResponse, AismResponse__Output as _flic_v1_AismResponse__Output } from './flic/v1/AismResponse.js';
import type { ApfDisableWaitRequest as _flic_v1_ApfDisableWaitRequest, ApfDisableWaitRequest__Output as _flic_v1_ApfDisableWaitRequest__Output } from './flic/v1/ApfDisableWaitRequest.js';
import type { ApfDisableWaitResponse as _flic_v1_ApfDisableWaitResponse, ApfDisableWaitResponse__Output as _flic_v1_ApfDisableWaitResponse__Output } from './flic/v1/ApfDisableWaitResponse.js';
import type { ApfEnableRequest as _flic_v1_ApfEnableRequest, ApfEnableRequest__Output as _flic_v1_ApfEnableRequest__Output } from './flic/v1/ApfEnableRequest.js';
import type { ApfEnableResponse as _flic_v1_ApfEnableResponse, ApfEnableResponse__Output as _flic_v1_ApfEnableResponse__Output } from './flic/v1/ApfEnableResponse.js';
import type { ClearIoIrqRequest as _flic_v1_ClearIoIrqRequest, ClearIoIrqRequest__Output as _flic_v1_ClearIoIrqRequest__Output } from './flic/v1/ClearIoIrqRequest.js';
import type { ClearIoIrqResponse as _flic_v1_ClearIoIrqResponse, ClearIoIrqResponse__Output as _flic_v1_ClearIoIrqResponse__Output } from './flic/v1/ClearIoIrqResponse.js';
import type { ClearIrqsRequest as _flic_v1_ClearIrqsRequest, ClearIrqsRequest__Output as _flic_v1_ClearIrqsRequest__Output } from './flic/v1/ClearIrqsRequest.js';
import type { ClearIrqsResponse as _flic_v1_ClearIrqsResponse, ClearIrqsResponse__Output as _flic_v1_ClearIrqsResponse__Output } from './flic/v1/ClearIrqsResponse.js';
import type { CpuState as _flic_v1_CpuState, CpuState__Output as _flic_v1_CpuState__Output } from './flic/v1/CpuState.js';
import type { CreateDeviceRequest as _flic_v1_CreateDeviceRequest, CreateDeviceRequest__Output as _flic_v1_CreateDeviceRequest__Output } from './flic/v1/CreateDeviceRequest.js';
import type { CreateDeviceResponse as _flic_v1_CreateDeviceResponse, CreateDeviceResponse__Output as _flic_v1_CreateDeviceResponse__Output } from './flic/v1/CreateDeviceResponse.js';
import type { CreateVmRequest as _flic_v1_CreateVmRequest, CreateVmRequest__Output as _flic_v1_CreateVmRequest__Output } from './flic/v1/CreateVmRequest.js';
import type { CreateVmResponse as _flic_v1_CreateVmResponse, CreateVmResponse__Output as _flic_v1_CreateVmResponse__Output } from './flic/v1/CreateVmResponse.js';
import type { DeleteVmRequest as _flic_v1_DeleteVmRequest, DeleteVmRequest__Output as _flic_v1_DeleteVmRequest__Output } from './flic/v1/DeleteVmRequest.js';
import type { DeleteVmResponse as _flic_v1_DeleteVmResponse, DeleteVmResponse__Output as _flic_v1_DeleteVmResponse__Output } from './flic/v1/DeleteVmResponse.js';
import type { DeliverRequest as _flic_v1_DeliverRequest, DeliverRequest__Output as _flic_v1_DeliverRequest__Output } from './flic/v1/DeliverRequest.js';
import type { DeliverResponse as _flic_v1_DeliverResponse, DeliverResponse__Output as _flic_v1_DeliverResponse__Output } from './flic/v1/DeliverResponse.js';
import type { DeviceAttrRequest as _flic_v1_DeviceAttrRequest, DeviceAttrRequest__Output as _flic_v1_DeviceAttrRequest__Output } from './flic/v1/DeviceAttrRequest.js';
import type { DeviceAttrResponse as _flic_v1_DeviceAttrResponse, DeviceAttrResponse__Output as _flic_v1_DeviceAttrResponse__Output } from './flic/v1/DeviceAttrResponse.js';
import type { EnqueueRequest as _flic_v1_EnqueueRequest, EnqueueRequest__Output as _flic_v1_EnqueueRequest__Output } from './flic/v1/EnqueueRequest.js';
import type { EnqueueResponse as _flic_v1_EnqueueResponse, EnqueueResponse__Output as _flic_v1_EnqueueResponse__Output } from './flic/v1/EnqueueResponse.js';
import type { ExtPayload as _flic_v1_ExtPayload, ExtPayload__Output as _flic_v1_ExtPayload__Output } from './flic/v1/ExtPayload.js';
import type { FlicClient as _flic_v1_FlicClient, FlicDefinition as _flic_v1_FlicDefinition } from './flic/v1/Flic.js';
import type { FlicCounters as _flic_v1_FlicCounters, FlicCounters__Output as _flic_v1_FlicCounters__Output } from './flic/v1/FlicCounters.js';
import type { GetAismAllRequest as _flic_v1_GetAismAllRequest, GetAismAllRequest__Output as _flic_v1_GetAismAllRequest__Output } from './flic/v1/GetAismAllRequest.js';
import type { GetAismAllResponse as _flic_v1_GetAismAllResponse, GetAismAllResponse__Output as _flic_v1_GetAismAllResponse__Output } from './flic/v1/GetAismAllResponse.js';
import type { GetAllIrqsRequest as _flic_v1_GetAllIrqsRequest, GetAllIrqsRequest__Output as _flic_v1_GetAllIrqsRequest__Output } from './flic/v1/GetAllIrqsRequest.js';
import type { GetAllIrqsResponse as _flic_v1_GetAllIrqsResponse, GetAllIrqsResponse__Output as _flic_v1_GetAllIrqsResponse__Output } from './flic/v1/GetAllIrqsResponse.js';
import type { GuestMemoryRange as _flic_v1_GuestMemoryRange, GuestMemoryRange__Output as _flic_v1_GuestMemoryRange__Output } from './flic/v1/GuestMemoryRange.js';
import type { InspectRequest as _flic_v1_InspectRequest, InspectRequest__Output as _flic_v1_InspectRequest__Output } from './flic/v1/InspectRequest.js';
import type { InspectResponse as _flic_v1_InspectResponse, InspectResponse__Output as _flic_v1_InspectResponse__Output } from './flic/v1/InspectResponse.js';
import type { Interrupt as _flic_v1_Interrupt, Interrupt__Output as _flic_v1_Interrupt__Output } from './flic/v1/Interrupt.js';
import type { IoAdapter as _flic_v1_IoAdapter, IoAdapter__Output as _flic_v1_IoAdapter__Output } from './flic/v1/IoAdapter.js';
import type { IoAdapterReq as _flic_v1_IoAdapterReq, IoAdapterReq__Output as _flic_v1_IoAdapterReq__Output } from './flic/v1/IoAdapterReq.js';
import type { IoDequeueResponse as _flic_v1_IoDequeueResponse, IoDequeueResponse__Output as _flic_v1_IoDequeueResponse__Output } from './flic/v1/IoDequeueResponse.js';
import type { IoPayload as _flic_v1_IoPayload, IoPayload__Output as _flic_v1_IoPayload__Output } from './flic/v1/IoPayload.js';
import type { IscQueue as _flic_v1_IscQueue, IscQueue__Output as _flic_v1_IscQueue__Output } from './flic/v1/IscQueue.js';
import type { LimitedCounter as _flic_v1_LimitedCounter, LimitedCounter__Output as _flic_v1_LimitedCounter__Output } from './flic/v1/LimitedCounter.js';
import type { ListVmsRequest as _flic_v1_ListVmsRequest, ListVmsRequest__Output as _flic_v1_ListVmsRequest__Output } from './flic/v1/ListVmsRequest.js';
import type { ListVmsResponse as _flic_v1_ListVmsResponse, ListVmsResponse__Output as _flic_v1_ListVmsResponse__Output } from './flic/v1/ListVmsResponse.js';
import type { LowcoreStore as _flic_v1_LowcoreStore, LowcoreStore__Output as _flic_v1_LowcoreStore__Output } from './flic/v1/LowcoreStore.js';
import type { MachineCheckState as _flic_v1_MachineCheckState, MachineCheckState__Output as _flic_v1_MachineCheckState__Output } from './flic/v1/MachineCheckState.js';
import type { MchkPayload as _flic_v1_MchkPayload, MchkPayload__Output as _flic_v1_MchkPayload__Output } from './flic/v1/MchkPayload.js';
import type { PvSclpInterceptRequest as _flic_v1_PvSclpInterceptRequest, PvSclpInterceptRequest__Output as _flic_v1_PvSclpInterceptRequest__Output } from './flic/v1/PvSclpInterceptRequest.js';
import type { PvSclpInterceptResponse as _flic_v1_PvSclpInterceptResponse, PvSclpInterceptResponse__Output as _flic_v1_PvSclpInterceptResponse__Output } from './flic/v1/PvSclpInterceptResponse.js';
import type { QueueDepths as _flic_v1_QueueDepths, QueueDepths__Output as _flic_v1_QueueDepths__Output } from './flic/v1/QueueDepths.js';
import type { QueueLimits as _flic_v1_QueueLimits, QueueLimits__Output as _flic_v1_QueueLimits__Output } from './flic/v1/QueueLimits.js';
import type { ReinjectIoRequest as _flic_v1_ReinjectIoRequest, ReinjectIoRequest__Output as _flic_v1_ReinjectIoRequest__Output } from './flic/v1/ReinjectIoRequest.js';
import type { ReinjectIoResponse as _flic_v1_ReinjectIoResponse, ReinjectIoResponse__Output as _flic_v1_ReinjectIoResponse__Output } from './flic/v1/ReinjectIoResponse.js';
import type { ServiceState as _flic_v1_ServiceState, ServiceState__Output as _flic_v1_ServiceState__Output } from './flic/v1/ServiceState.js';
import type { SetAismAllRequest as _flic_v1_SetAismAllRequest, SetAismAllRequest__Output as _flic_v1_SetAismAllRequest__Output } from './flic/v1/SetAismAllRequest.js';
import type { SetAismAllResponse as _flic_v1_SetAismAllResponse, SetAismAllResponse__Output as _flic_v1_SetAismAllResponse__Output } from './flic/v1/SetAismAllResponse.js';
import type { TpiRequest as _flic_v1_TpiRequest, TpiRequest__Output as _flic_v1_TpiRequest__Output } from './flic/v1/TpiRequest.js';
import type { TschRequest as _flic_v1_TschRequest, TschRequest__Output as _flic_v1_TschRequest__Output } from './flic/v1/TschRequest.js';
import type { VmConfig as _flic_v1_VmConfig, VmConfig__Output as _flic_v1_VmConfig__Output } from './flic/v1/VmConfig.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  flic: {
    v1: {
      AdapterMapMode: EnumTypeDefinition
      AdapterModifyRequest: MessageTypeDefinition<_flic_v1_AdapterModifyRequest, _flic_v1_AdapterModifyRequest__Output>
      AdapterModifyResponse: MessageTypeDefinition<_flic_v1_AdapterModifyResponse, _flic_v1_AdapterModifyResponse__Output>
      AdapterRegisterRequest: MessageTypeDefinition<_flic_v1_AdapterRegisterRequest, _flic_v1_AdapterRegisterRequest__Output>
      AdapterRegisterResponse: MessageTypeDefinition<_flic_v1_AdapterRegisterResponse, _flic_v1_AdapterRegisterResponse__Output>
      AdapterState: MessageTypeDefinition<_flic_v1_AdapterState, _flic_v1_AdapterState__Output>
      AirqInjectRequest: MessageTypeDefinition<_flic_v1_AirqInjectRequest, _flic_v1_AirqInjectRequest__Output>
      AirqInjectResponse: MessageTypeDefinition<_flic_v1_AirqInjectResponse, _flic_v1_AirqInjectResponse__Output>
      AisState: MessageTypeDefinition<_flic_v1_AisState, _flic_v1_AisState__Output>
      AismRequest: MessageTypeDefinition<_flic_v1_AismRequest, _flic_v1_AismRequest__Output>
      AismResponse: MessageTypeDefinition<_flic_v1_AismResponse, _flic_v1_AismResponse__Output>
      ApfDisableWaitRequest: MessageTypeDefinition<_flic_v1_ApfDisableWaitRequest, _flic_v1_ApfDisableWaitRequest__Output>
      ApfDisableWaitResponse: MessageTypeDefinition<_flic_v1_ApfDisableWaitResponse, _flic_v1_ApfDisableWaitResponse__Output>
      ApfEnableRequest: MessageTypeDefinition<_flic_v1_ApfEnableRequest, _flic_v1_ApfEnableRequest__Output>
      ApfEnableResponse: MessageTypeDefinition<_flic_v1_ApfEnableResponse, _flic_v1_ApfEnableResponse__Output>
      ClearIoIrqRequest: MessageTypeDefinition<_flic_v1_ClearIoIrqRequest, _flic_v1_ClearIoIrqRequest__Output>
      ClearIoIrqResponse: MessageTypeDefinition<_flic_v1_ClearIoIrqResponse, _flic_v1_ClearIoIrqResponse__Output>
      ClearIrqsRequest: MessageTypeDefinition<_flic_v1_ClearIrqsRequest, _flic_v1_ClearIrqsRequest__Output>
      ClearIrqsResponse: MessageTypeDefinition<_flic_v1_ClearIrqsResponse, _flic_v1_ClearIrqsResponse__Output>
      CpuState: MessageTypeDefinition<_flic_v1_CpuState, _flic_v1_CpuState__Output>
      CreateDeviceRequest: MessageTypeDefinition<_flic_v1_CreateDeviceRequest, _flic_v1_CreateDeviceRequest__Output>
      CreateDeviceResponse: MessageTypeDefinition<_flic_v1_CreateDeviceResponse, _flic_v1_CreateDeviceResponse__Output>
      CreateVmRequest: MessageTypeDefinition<_flic_v1_CreateVmRequest, _flic_v1_CreateVmRequest__Output>
      CreateVmResponse: MessageTypeDefinition<_flic_v1_CreateVmResponse, _flic_v1_CreateVmResponse__Output>
      DeleteVmRequest: MessageTypeDefinition<_flic_v1_DeleteVmRequest, _flic_v1_DeleteVmRequest__Output>
      DeleteVmResponse: MessageTypeDefinition<_flic_v1_DeleteVmResponse, _flic_v1_DeleteVmResponse__Output>
      DeliverRequest: MessageTypeDefinition<_flic_v1_DeliverRequest, _flic_v1_DeliverRequest__Output>
      DeliverResponse: MessageTypeDefinition<_flic_v1_DeliverResponse, _flic_v1_DeliverResponse__Output>
      DeviceAttrRequest: MessageTypeDefinition<_flic_v1_DeviceAttrRequest, _flic_v1_DeviceAttrRequest__Output>
      DeviceAttrResponse: MessageTypeDefinition<_flic_v1_DeviceAttrResponse, _flic_v1_DeviceAttrResponse__Output>
      EnqueueRequest: MessageTypeDefinition<_flic_v1_EnqueueRequest, _flic_v1_EnqueueRequest__Output>
      EnqueueResponse: MessageTypeDefinition<_flic_v1_EnqueueResponse, _flic_v1_EnqueueResponse__Output>
      ExtPayload: MessageTypeDefinition<_flic_v1_ExtPayload, _flic_v1_ExtPayload__Output>
      Flic: SubtypeConstructor<typeof grpc.Client, _flic_v1_FlicClient> & { service: _flic_v1_FlicDefinition }
      FlicCounters: MessageTypeDefinition<_flic_v1_FlicCounters, _flic_v1_FlicCounters__Output>
      GetAismAllRequest: MessageTypeDefinition<_flic_v1_GetAismAllRequest, _flic_v1_GetAismAllRequest__Output>
      GetAismAllResponse: MessageTypeDefinition<_flic_v1_GetAismAllResponse, _flic_v1_GetAismAllResponse__Output>
      GetAllIrqsRequest: MessageTypeDefinition<_flic_v1_GetAllIrqsRequest, _flic_v1_GetAllIrqsRequest__Output>
      GetAllIrqsResponse: MessageTypeDefinition<_flic_v1_GetAllIrqsResponse, _flic_v1_GetAllIrqsResponse__Output>
      GuestMemoryRange: MessageTypeDefinition<_flic_v1_GuestMemoryRange, _flic_v1_GuestMemoryRange__Output>
      InspectRequest: MessageTypeDefinition<_flic_v1_InspectRequest, _flic_v1_InspectRequest__Output>
      InspectResponse: MessageTypeDefinition<_flic_v1_InspectResponse, _flic_v1_InspectResponse__Output>
      Interrupt: MessageTypeDefinition<_flic_v1_Interrupt, _flic_v1_Interrupt__Output>
      InterruptClass: EnumTypeDefinition
      IoAdapter: MessageTypeDefinition<_flic_v1_IoAdapter, _flic_v1_IoAdapter__Output>
      IoAdapterReq: MessageTypeDefinition<_flic_v1_IoAdapterReq, _flic_v1_IoAdapterReq__Output>
      IoDequeueResponse: MessageTypeDefinition<_flic_v1_IoDequeueResponse, _flic_v1_IoDequeueResponse__Output>
      IoPayload: MessageTypeDefinition<_flic_v1_IoPayload, _flic_v1_IoPayload__Output>
      IscQueue: MessageTypeDefinition<_flic_v1_IscQueue, _flic_v1_IscQueue__Output>
      KernelProfile: EnumTypeDefinition
      LimitedCounter: MessageTypeDefinition<_flic_v1_LimitedCounter, _flic_v1_LimitedCounter__Output>
      ListVmsRequest: MessageTypeDefinition<_flic_v1_ListVmsRequest, _flic_v1_ListVmsRequest__Output>
      ListVmsResponse: MessageTypeDefinition<_flic_v1_ListVmsResponse, _flic_v1_ListVmsResponse__Output>
      LowcoreStore: MessageTypeDefinition<_flic_v1_LowcoreStore, _flic_v1_LowcoreStore__Output>
      MachineCheckState: MessageTypeDefinition<_flic_v1_MachineCheckState, _flic_v1_MachineCheckState__Output>
      MchkPayload: MessageTypeDefinition<_flic_v1_MchkPayload, _flic_v1_MchkPayload__Output>
      PvSclpInterceptRequest: MessageTypeDefinition<_flic_v1_PvSclpInterceptRequest, _flic_v1_PvSclpInterceptRequest__Output>
      PvSclpInterceptResponse: MessageTypeDefinition<_flic_v1_PvSclpInterceptResponse, _flic_v1_PvSclpInterceptResponse__Output>
      QueueDepths: MessageTypeDefinition<_flic_v1_QueueDepths, _flic_v1_QueueDepths__Output>
      QueueLimits: MessageTypeDefinition<_flic_v1_QueueLimits, _flic_v1_QueueLimits__Output>
      ReinjectIoRequest: MessageTypeDefinition<_flic_v1_ReinjectIoRequest, _flic_v1_ReinjectIoRequest__Output>
      ReinjectIoResponse: MessageTypeDefinition<_flic_v1_ReinjectIoResponse, _flic_v1_ReinjectIoResponse__Output>
      ServiceState: MessageTypeDefinition<_flic_v1_ServiceState, _flic_v1_ServiceState__Output>
      SetAismAllRequest: MessageTypeDefinition<_flic_v1_SetAismAllRequest, _flic_v1_SetAismAllRequest__Output>
      SetAismAllResponse: MessageTypeDefinition<_flic_v1_SetAismAllResponse, _flic_v1_SetAismAllResponse__Output>
      TpiRequest: MessageTypeDefinition<_flic_v1_TpiRequest, _flic_v1_TpiRequest__Output>
      TschRequest: MessageTypeDefinition<_flic_v1_TschRequest, _flic_v1_TschRequest__Output>
      VmConfig: MessageTypeDefinition<_flic_v1_VmConfig, _flic_v1_VmConfig__Output>
    }
  }
}

