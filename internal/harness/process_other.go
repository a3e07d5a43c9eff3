//go:build !unix

package harness

import (
	"errors"
	"os/exec"
)

func setProcessGroup(*exec.Cmd) {}

func interruptGroup(int) error {
	return errors.New("interrupting a process is not supported on this platform")
}

func killGroup(cmd *exec.Cmd) { _ = cmd.Process.Kill() }

func terminate(cmd *exec.Cmd) error { return cmd.Process.Kill() }
