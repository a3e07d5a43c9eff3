package provider

import (
	"os"
	"testing"
)

func TestQuietSDKLogsUnlessWanted(t *testing.T) {
	cases := []struct {
		name  string
		env   map[string]string // "" value = unset
		debug bool
		want  map[string]string // "" = unset
	}{
		{name: "no logging wanted", env: map[string]string{"TF_LOG": "", "TF_LOG_PROVIDER": ""},
			want: map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF", "TF_LOG_PROVIDER_TRUTO": "OFF"}},
		{name: "TF_LOG set", env: map[string]string{"TF_LOG": "trace", "TF_LOG_PROVIDER": ""},
			want: map[string]string{"TF_LOG_SDK": "", "TF_LOG_SDK_FRAMEWORK": "", "TF_LOG_PROVIDER_TRUTO": ""}},
		{name: "TF_LOG_PROVIDER set", env: map[string]string{"TF_LOG": "", "TF_LOG_PROVIDER": "debug"},
			want: map[string]string{"TF_LOG_SDK": "", "TF_LOG_SDK_FRAMEWORK": "", "TF_LOG_PROVIDER_TRUTO": ""}},
		{name: "debug mode", debug: true, env: map[string]string{"TF_LOG": "", "TF_LOG_PROVIDER": ""},
			want: map[string]string{"TF_LOG_SDK": "", "TF_LOG_SDK_FRAMEWORK": "", "TF_LOG_PROVIDER_TRUTO": ""}},
		{name: "explicit level kept", env: map[string]string{"TF_LOG": "", "TF_LOG_PROVIDER": "", "TF_LOG_SDK_FRAMEWORK": "debug"},
			want: map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_FRAMEWORK": "debug", "TF_LOG_PROVIDER_TRUTO": "OFF"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, name := range append([]string{"TF_LOG", "TF_LOG_PROVIDER"}, sdkLogLevelVars...) {
				t.Setenv(name, tc.env[name]) // restored after the test
				if tc.env[name] == "" {
					_ = os.Unsetenv(name)
				}
			}
			QuietSDKLogsUnlessWanted(tc.debug)
			for name, want := range tc.want {
				if got, set := os.LookupEnv(name); got != want || (want == "") == set {
					t.Errorf("%s = %q (set %v), want %q", name, got, set, want)
				}
			}
		})
	}
}
