package flic

import (
	"context"
	"crypto/sha256"

	"flic/clients/go/flicv1"
)

// VM state (docs/state.md of the flic repository): snapshots in flic's and QEMU's formats, and
// the delete that removes only the state it names.

// The formats of a state blob (the generated flicv1.StateFormat values).
const (
	// FormatFLIC is flic's own format: lossless and versioned, the configuration and whether the
	// FLIC exists included (STATE_FORMAT_UNSPECIFIED means the same).
	FormatFLIC = flicv1.StateFormat_STATE_FORMAT_FLIC
	// FormatQEMU is the body of QEMU's s390-flic VMState section (version 1): the records and the
	// AIS masks.
	FormatQEMU = flicv1.StateFormat_STATE_FORMAT_QEMU
)

// ExportVM is the VM's state as a blob; it changes nothing. FormatFLIC: everything, for ImportVM
// (also under another id: a clone). FormatQEMU: ENODEV without a FLIC.
func (c *Client) ExportVM(ctx context.Context, vmID string, format flicv1.StateFormat) ([]byte, error) {
	r, err := unary(ctx, vmID, c.rpc.ExportVm, &flicv1.ExportVmRequest{VmId: vmID, Format: format})
	return r.GetState(), err
}

// ImportVM reads a blob of ExportVM. FormatFLIC creates vmID (EEXIST if it exists; EINVAL for a
// blob that is truncated, corrupted or of an unknown version, and nothing is created).
// FormatQEMU loads into the existing VM's FLIC as QEMU's kvm_flic_load does.
func (c *Client) ImportVM(ctx context.Context, vmID string, format flicv1.StateFormat, state []byte) error {
	_, err := unary(ctx, vmID, c.rpc.ImportVm, &flicv1.ImportVmRequest{VmId: vmID, Format: format, State: state})
	return err
}

// DeleteVMIfUnchanged deletes a VM only if the SHA-256 of its FormatFLIC export is still
// stateSHA256 (sha256.Sum256 of an ExportVM blob), checked in the same step as the delete;
// otherwise it fails with ESTALE and the VM stays, so a change made since the export is never lost.
func (c *Client) DeleteVMIfUnchanged(ctx context.Context, vmID string, stateSHA256 [sha256.Size]byte) error {
	_, err := unary(ctx, vmID, c.rpc.DeleteVm, &flicv1.DeleteVmRequest{VmId: vmID, ExpectedStateSha256: stateSHA256[:]})
	return err
}
