package flic

import "strconv"

// Errno is a Linux errno number as flic reports it. It is an error, so that
// errors.Is(err, flic.EINVAL) matches a *KvmError with that errno. The numbers are Linux's
// (asm-generic/errno*.h) on every platform; the server defines them in src/device/errno.ts and
// abi_test.go compares them.
type Errno int

// The errnos a flic device error can carry.
const (
	EPERM      Errno = 1
	ENOENT     Errno = 2
	ENXIO      Errno = 6
	ENOMEM     Errno = 12
	EACCES     Errno = 13
	EFAULT     Errno = 14
	EBUSY      Errno = 16
	EEXIST     Errno = 17
	ENODEV     Errno = 19
	EINVAL     Errno = 22
	ENOTTY     Errno = 25
	ENOSPC     Errno = 28
	ENOSYS     Errno = 38
	EOPNOTSUPP Errno = 95
	ENOBUFS    Errno = 105
	ESTALE     Errno = 116
)

var errnoNames = map[Errno]string{
	EPERM: "EPERM", ENOENT: "ENOENT", ENXIO: "ENXIO", ENOMEM: "ENOMEM", EACCES: "EACCES",
	EFAULT: "EFAULT", EBUSY: "EBUSY", EEXIST: "EEXIST", ENODEV: "ENODEV", EINVAL: "EINVAL",
	ENOTTY: "ENOTTY", ENOSPC: "ENOSPC", ENOSYS: "ENOSYS", EOPNOTSUPP: "EOPNOTSUPP", ENOBUFS: "ENOBUFS",
	ESTALE: "ESTALE",
}

// String is the errno's name ("EINVAL"), or "errno N" for a number flic does not use.
func (e Errno) String() string {
	if name, ok := errnoNames[e]; ok {
		return name
	}
	return "errno " + strconv.Itoa(int(e))
}

func (e Errno) Error() string { return e.String() }

// ErrnoByName is the errno of a name flic uses ("EINVAL" → 22).
func ErrnoByName(name string) (Errno, bool) {
	for errno, n := range errnoNames {
		if n == name {
			return errno, true
		}
	}
	return 0, false
}
