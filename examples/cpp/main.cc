// flic from C++ with Debian's gRPC: create a VM and its FLIC, enqueue interrupts through the typed
// Enqueue RPC and as packed 72-byte kernel records through the raw SetDeviceAttr, read them back,
// and decode device errors: the errno is in the google.rpc.ErrorInfo that the status details
// (the `grpc-status-details-bin` trailer) carry. Every answer is checked; the program exits 1 on
// the first mismatch, so CI runs it against the real server (run.sh).
//
//   build/flic_example --addr 127.0.0.1:50051 [--vm-id cpp-example]

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include "flic/v1/flic.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace {

// The largest message either side sends or accepts: the largest legal ENQUEUE or GET_ALL_IRQS
// plus 1 MiB of framing (gRPC's default receive limit, 4 MiB, is too small for a full queue).
constexpr int kMaxMessageBytes = 32 * 1024 * 1024 + 1024 * 1024;
constexpr char kVmIdKey[] = "flic-vm-id";
constexpr char kErrorDomain[] = "flic.s390.kvm";

constexpr uint32_t KVM_DEV_TYPE_FLIC = 6;
constexpr uint32_t KVM_DEV_FLIC_GET_ALL_IRQS = 1;
constexpr uint32_t KVM_DEV_FLIC_ENQUEUE = 2;
constexpr uint64_t KVM_S390_INT_SERVICE = 0xFFFF2401;
constexpr uint64_t KVM_S390_FLIC_MAX_BUFFER = 0x2000000;
constexpr size_t KVM_S390_IRQ_SIZE = 72;

struct Mismatch : std::runtime_error {
  using std::runtime_error::runtime_error;
};

template <typename A, typename B>
void Expect(const std::string& what, const A& got, const B& want) {
  if (!(got == want)) {
    std::ostringstream msg;
    msg << what << ": got " << got << ", want " << want;
    throw Mismatch(msg.str());
  }
  std::cout << "ok  " << what << ": " << got << "\n";
}

// The I/O type code: schid | ssid << 16 | cssid << 18 | ai << 26.
uint64_t IoType(uint32_t cssid, uint32_t ssid, uint32_t schid) { return (cssid << 18) | (ssid << 16) | schid; }

void PutBE(std::string& out, size_t offset, uint64_t value, size_t size) {
  for (size_t i = 0; i < size; ++i) out[offset + i] = static_cast<char>(value >> (8 * (size - 1 - i)));
}

// struct kvm_s390_irq with the io member, big-endian: type u64 @0, subchannel_id u16 @8,
// subchannel_nr u16 @10, io_int_parm u32 @12, io_int_word u32 @16, zeros to byte 71.
std::string PackIoRecord(uint64_t type, uint16_t subchannel_id, uint16_t subchannel_nr, uint32_t parm, uint32_t word) {
  std::string record(KVM_S390_IRQ_SIZE, '\0');
  PutBE(record, 0, type, 8);
  PutBE(record, 8, subchannel_id, 2);
  PutBE(record, 10, subchannel_nr, 2);
  PutBE(record, 12, parm, 4);
  PutBE(record, 16, word, 4);
  return record;
}

// A device error as flic reports it: the ErrorInfo in the status details.
struct DeviceError {
  grpc::StatusCode code;
  std::string message;
  std::string reason;  // the errno's name
  std::map<std::string, std::string> metadata;  // errno, group, and figures such as requiredBytes
};

DeviceError Decode(const grpc::Status& status) {
  if (status.ok()) throw Mismatch("the call succeeded, expected a device error");
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) throw Mismatch("no google.rpc.Status in the details");
  Expect("details code = status code", details.code(), static_cast<int>(status.error_code()));
  Expect("details message = status message", details.message(), status.error_message());
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.Is<google::rpc::ErrorInfo>() && any.UnpackTo(&info) && info.domain() == kErrorDomain) {
      return {status.error_code(), status.error_message(), info.reason(),
              std::map<std::string, std::string>(info.metadata().begin(), info.metadata().end())};
    }
  }
  throw Mismatch("no flic ErrorInfo in the details of: " + status.error_message());
}

class Vm {
 public:
  Vm(flic::v1::Flic::Stub& stub, std::string id) : stub_(stub), id_(std::move(id)) {}

  const std::string& id() const { return id_; }

  // Every VM-addressed call names the VM in the flic-vm-id header, so a proxy can route by VM.
  std::unique_ptr<grpc::ClientContext> Context() const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata(kVmIdKey, id_);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return context;
  }

  grpc::Status GetAllIrqs(uint64_t buffer_len, flic::v1::GetAllIrqsResponse* response) const {
    flic::v1::GetAllIrqsRequest request;
    request.set_vm_id(id_);
    request.set_buffer_len(buffer_len);
    return stub_.GetAllIrqs(Context().get(), request, response);
  }

  // Every pending interrupt: first_guess bytes (4096, one page, as QEMU starts) and, on ENOMEM,
  // once more with the requiredBytes the error names.
  flic::v1::GetAllIrqsResponse ReadAllIrqs(uint64_t first_guess = 4096) const {
    flic::v1::GetAllIrqsResponse response;
    grpc::Status status = GetAllIrqs(first_guess, &response);
    if (!status.ok()) {
      DeviceError err = Decode(status);
      if (err.reason != "ENOMEM") throw Mismatch("GetAllIrqs: " + err.message);
      response.Clear();
      status = GetAllIrqs(std::stoull(err.metadata.at("requiredBytes")), &response);
      if (!status.ok()) throw Mismatch("GetAllIrqs retry: " + status.error_message());
    }
    return response;
  }

  grpc::Status Attr(bool set, uint32_t group, uint64_t attr, const std::string& data, flic::v1::DeviceAttrResponse* out) const {
    flic::v1::DeviceAttrRequest request;
    request.set_vm_id(id_);
    request.set_group(group);
    request.set_attr(attr);
    request.set_data(data);
    return set ? stub_.SetDeviceAttr(Context().get(), request, out) : stub_.GetDeviceAttr(Context().get(), request, out);
  }

 private:
  flic::v1::Flic::Stub& stub_;
  std::string id_;
};

void Check(const grpc::Status& status, const std::string& what) {
  if (!status.ok()) throw Mismatch(what + " failed: " + status.error_message());
}

void Run(const std::string& addr, const std::string& vm_id) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(kMaxMessageBytes);
  args.SetMaxSendMessageSize(kMaxMessageBytes);
  auto stub = flic::v1::Flic::NewStub(grpc::CreateCustomChannel(addr, grpc::InsecureChannelCredentials(), args));
  Vm vm(*stub, vm_id);

  flic::v1::CreateVmRequest create_vm;
  create_vm.set_vm_id(vm_id);
  create_vm.mutable_config()->set_ais(true);
  flic::v1::CreateVmResponse created_vm;
  Check(stub->CreateVm(vm.Context().get(), create_vm, &created_vm), "CreateVm");
  flic::v1::CreateDeviceRequest create_device;
  create_device.set_vm_id(vm_id);
  create_device.set_type(KVM_DEV_TYPE_FLIC);
  flic::v1::CreateDeviceResponse created;
  Check(stub->CreateDevice(vm.Context().get(), create_device, &created), "CreateDevice");
  Expect("CreateDevice created", created.created(), true);

  // Typed: an I/O interrupt on ISC 3 and a service signal.
  const uint64_t io_type = IoType(0xFE, 0, 5);
  flic::v1::EnqueueRequest enqueue;
  enqueue.set_vm_id(vm_id);
  auto* service = enqueue.add_irqs();
  service->set_type(KVM_S390_INT_SERVICE);
  service->mutable_ext()->set_ext_params(0x1001);
  auto* io = enqueue.add_irqs();
  io->set_type(io_type);
  io->mutable_io()->set_subchannel_id(0xFE01);
  io->mutable_io()->set_subchannel_nr(5);
  io->mutable_io()->set_io_int_parm(0x11223344);
  io->mutable_io()->set_io_int_word(3u << 27);
  flic::v1::EnqueueResponse enqueued;
  Check(stub->Enqueue(vm.Context().get(), enqueue, &enqueued), "Enqueue");

  flic::v1::GetAllIrqsResponse all;
  Check(vm.GetAllIrqs(KVM_S390_FLIC_MAX_BUFFER, &all), "GetAllIrqs");
  Expect("GetAllIrqs count", all.count(), 2);
  // I/O queues come first, the service signal last (kernel order, whatever the inject order).
  Expect("first record type", all.irqs(0).type(), io_type);
  Expect("first record io_int_parm", all.irqs(0).io().io_int_parm(), 0x11223344u);
  Expect("second record ext_params", all.irqs(1).ext().ext_params(), 0x1001u);

  // Raw: the same I/O interrupt as the kernel's 72 bytes; attr is the length.
  flic::v1::ClearIrqsRequest clear;
  clear.set_vm_id(vm_id);
  flic::v1::ClearIrqsResponse cleared;
  Check(stub->ClearIrqs(vm.Context().get(), clear, &cleared), "ClearIrqs");
  const std::string record = PackIoRecord(io_type, 0xFE01, 5, 0x11223344, 3u << 27);
  flic::v1::DeviceAttrResponse attr;
  Check(vm.Attr(true, KVM_DEV_FLIC_ENQUEUE, record.size() * 2, record + record, &attr), "SetDeviceAttr(ENQUEUE)");
  Check(vm.Attr(false, KVM_DEV_FLIC_GET_ALL_IRQS, 4096, "", &attr), "GetDeviceAttr(GET_ALL_IRQS)");
  Expect("raw GET_ALL_IRQS count", attr.ret(), 2);
  Expect("raw GET_ALL_IRQS bytes equal the packed records", attr.data() == record + record, true);

  // A buffer for one record is too small: ENOMEM, and requiredBytes says what suffices.
  DeviceError err = Decode(vm.GetAllIrqs(72, &all));
  Expect("ENOMEM status code", static_cast<int>(err.code), static_cast<int>(grpc::StatusCode::RESOURCE_EXHAUSTED));
  Expect("ENOMEM reason", err.reason, "ENOMEM");
  Expect("ENOMEM errno", err.metadata["errno"], "12");
  Expect("ENOMEM requiredBytes", err.metadata["requiredBytes"], "144");
  Expect("growth read from 72 bytes, count", vm.ReadAllIrqs(72).count(), 2);

  // CLEAR_IO_IRQ with a zero schid: the kernel's EINVAL.
  flic::v1::ClearIoIrqRequest clear_io;
  clear_io.set_vm_id(vm_id);
  flic::v1::ClearIoIrqResponse cleared_io;
  err = Decode(stub->ClearIoIrq(vm.Context().get(), clear_io, &cleared_io));
  Expect("EINVAL status code", static_cast<int>(err.code), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  Expect("EINVAL reason", err.reason, "EINVAL");
  Expect("EINVAL errno", err.metadata["errno"], "22");
  Expect("EINVAL group", err.metadata["group"], "KVM_DEV_FLIC_CLEAR_IO_IRQ");
  std::cout << "    message: " << err.message << "\n";

  // An unknown VM is ENOENT / NOT_FOUND.
  Vm missing(*stub, vm_id + "-missing");
  clear.set_vm_id(missing.id());
  err = Decode(stub->ClearIrqs(missing.Context().get(), clear, &cleared));
  Expect("unknown VM reason", err.reason, "ENOENT");
  Expect("unknown VM errno", err.metadata["errno"], "2");

  flic::v1::DeleteVmRequest delete_vm;
  delete_vm.set_vm_id(vm_id);
  flic::v1::DeleteVmResponse deleted;
  Check(stub->DeleteVm(vm.Context().get(), delete_vm, &deleted), "DeleteVm");
}

}  // namespace

int main(int argc, char** argv) {
  std::string addr = "127.0.0.1:50051";
  std::string vm_id = "cpp-example";
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (i + 1 < argc && flag == "--addr") {
      addr = argv[i + 1];
    } else if (i + 1 < argc && flag == "--vm-id") {
      vm_id = argv[i + 1];
    } else {
      std::cerr << "usage: " << argv[0] << " [--addr HOST:PORT] [--vm-id ID]\n";
      return 2;
    }
  }
  std::cout << std::boolalpha;
  try {
    Run(addr, vm_id);
  } catch (const Mismatch& m) {
    std::cerr << "MISMATCH " << m.what() << "\n";
    return 1;
  }
  std::cout << "all checks passed\n";
  return 0;
}
