//go:build unix

package harness

import (
	"os/exec"
	"syscall"
)

// setProcessGroup puts the command in a new process group led by itself.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// interruptGroup sends SIGINT to the process group pgid (what Ctrl-C does in a terminal).
func interruptGroup(pgid int) error { return syscall.Kill(-pgid, syscall.SIGINT) }

// killGroup sends SIGKILL to the process group cmd leads.
func killGroup(cmd *exec.Cmd) { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }

// terminate asks a process to stop (SIGTERM).
func terminate(cmd *exec.Cmd) error { return cmd.Process.Signal(syscall.SIGTERM) }
