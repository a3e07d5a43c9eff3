package provider

import "os"

// sdkLogLevelVars are the plugin SDK's log-level variables: the SDK's root logger, its protocol
// and framework subsystems, and this provider's own logger (tflog).
var sdkLogLevelVars = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_TRUTO"}

// QuietSDKLogsUnlessWanted turns the plugin SDK's logging off when Terraform would discard every
// line of it anyway. main calls it before serving the provider; debug is the -debug flag.
//
// Terraform keeps a provider's log lines only when TF_LOG or TF_LOG_PROVIDER is set. The SDK cannot
// tell: by default it formats a trace line (JSON, with the caller's file and line) for every step of
// every RPC and writes it to stderr, where Terraform parses it and drops it. That was about half of
// the provider's CPU time per resource (see docs/guides/benchmarks.md). With TF_LOG or
// TF_LOG_PROVIDER set nothing changes; a level the user set for one of sdkLogLevelVars is kept; and
// with -debug the logs stay on, since whoever debugs reads the provider's own stderr.
func QuietSDKLogsUnlessWanted(debug bool) {
	if debug || os.Getenv("TF_LOG") != "" || os.Getenv("TF_LOG_PROVIDER") != "" {
		return
	}
	for _, name := range sdkLogLevelVars {
		if _, set := os.LookupEnv(name); !set {
			_ = os.Setenv(name, "OFF")
		}
	}
}
