package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/truto/terraform-provider-truto/internal/emulator"
)

// errHelp is returned for -h / -help (usage already printed).
var errHelp = errors.New("help requested")

// defaultProfile is the profile of accounts named with -accounts: a HubSpot
// portal that requires a name and sets two custom fields itself.
func defaultProfile() emulator.Profile {
	return emulator.Profile{
		Integration:          "hubspot",
		RequiredCreateFields: []string{"name"},
		CustomFieldDefaults:  map[string]any{"hs_object_source": "API", "lifecyclestage": "lead"},
	}
}

// fileConfig is the JSON of -config, an Options-like document:
//
//	{
//	  "token": "demo-token",
//	  "listen": "127.0.0.1:8089",
//	  "accounts": [
//	    {"id": "hubspot-1"},                                   // default profile
//	    {"id": "sf-1", "profile": {"integration": "salesforce",
//	       "required_create_fields": ["name", "owner"], "delete_returns_no_content": true,
//	       "sandbox": false, "delete_unsupported": false,
//	       "custom_field_defaults": {"Rating": "Warm"}, "custom_fields_as_strings": true,
//	       "supported_filters": ["name"]}}
//	  ],
//	  "account_rate_limit": {"requests": 50, "per_ms": 10000},
//	  "token_rate_limit": {"requests": -1},
//	  "faults": {"rate": 0.2, "kinds": ["429", "500"], "latency_ms": 500},
//	  "seed": 1
//	}
//
// Flags given on the command line win over the file.
type fileConfig struct {
	Token    string `json:"token"`
	Listen   string `json:"listen"`
	Accounts []struct {
		ID      string            `json:"id"`
		Profile *emulator.Profile `json:"profile"`
	} `json:"accounts"`
	AccountRateLimit *emulator.RateLimit `json:"account_rate_limit"`
	TokenRateLimit   *emulator.RateLimit `json:"token_rate_limit"`
	Faults           *emulator.Faults    `json:"faults"`
	Seed             int64               `json:"seed"`
}

// config is the resolved command configuration.
type config struct {
	listen           string
	allowNonLoopback bool
	readyFile        string
	logRequests      bool
	options          emulator.Options
	faults           emulator.Faults
}

// parseConfig parses the flags and the optional -config file.
func parseConfig(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("truto-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8089", "address to listen on (loopback only; port 0 picks a free port)")
	token := fs.String("token", "demo-token", "bearer token the emulator accepts")
	accounts := fs.String("accounts", "demo-account", "comma-separated integrated account ids (default HubSpot-like profile)")
	configFile := fs.String("config", "", "JSON file with token, accounts and profiles, limits, faults, seed")
	rate := fs.String("rate", "50/10s", `per integrated account rate limit "N/duration", or "off"`)
	tokenRate := fs.String("token-rate", "500/10s", `per token rate limit "N/duration", or "off"`)
	faultRate := fs.Float64("faults", 0, "fraction of /unified requests that get an injected fault, e.g. 0.2")
	faultKinds := fs.String("fault-kinds", "", "comma-separated fault kinds: 429,500,502,504,latency,drop_after_commit (default all)")
	faultLatency := fs.Duration("fault-latency", time.Second, "delay of the latency fault")
	seed := fs.Int64("seed", 0, "random seed for ids and faults (0 = time-based)")
	allow := fs.Bool("allow-non-loopback", false, "allow listening on a non-loopback address")
	readyFile := fs.String("ready-file", "", "write the base URL to this file once listening")
	logReq := fs.Bool("log", false, "log every request to stderr")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, errHelp
		}
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	cfg := &config{listen: *listen, allowNonLoopback: *allow, readyFile: *readyFile, logRequests: *logReq}
	opts := &cfg.options
	opts.Token = *token
	opts.Seed = *seed
	var err error
	if opts.AccountRateLimit, err = parseRate(*rate); err != nil {
		return nil, fmt.Errorf("-rate: %w", err)
	}
	if opts.TokenRateLimit, err = parseRate(*tokenRate); err != nil {
		return nil, fmt.Errorf("-token-rate: %w", err)
	}
	cfg.faults = emulator.Faults{Rate: *faultRate, Latency: *faultLatency}
	if *faultKinds != "" {
		for _, k := range strings.Split(*faultKinds, ",") {
			cfg.faults.Kinds = append(cfg.faults.Kinds, emulator.FaultKind(strings.TrimSpace(k)))
		}
	}

	seen := map[string]bool{}
	if *configFile != "" {
		fc, err := readFileConfig(*configFile)
		if err != nil {
			return nil, err
		}
		if fc.Token != "" && !set["token"] {
			opts.Token = fc.Token
		}
		if fc.Listen != "" && !set["listen"] {
			cfg.listen = fc.Listen
		}
		if fc.Seed != 0 && !set["seed"] {
			opts.Seed = fc.Seed
		}
		if fc.AccountRateLimit != nil && !set["rate"] {
			opts.AccountRateLimit = *fc.AccountRateLimit
		}
		if fc.TokenRateLimit != nil && !set["token-rate"] {
			opts.TokenRateLimit = *fc.TokenRateLimit
		}
		if fc.Faults != nil && !set["faults"] && !set["fault-kinds"] && !set["fault-latency"] {
			cfg.faults = *fc.Faults
		}
		for _, a := range fc.Accounts {
			if a.ID == "" || seen[a.ID] {
				return nil, fmt.Errorf("%s: account id %q is empty or repeated", *configFile, a.ID)
			}
			seen[a.ID] = true
			p := defaultProfile()
			if a.Profile != nil {
				p = *a.Profile
			}
			opts.Accounts = append(opts.Accounts, emulator.IntegratedAccount{ID: a.ID, Profile: p})
		}
	}
	// -accounts adds to the file's accounts when given, and is the default
	// when the file names none.
	if set["accounts"] || len(opts.Accounts) == 0 {
		for _, id := range strings.Split(*accounts, ",") {
			id = strings.TrimSpace(id)
			if id == "" || seen[id] {
				continue
			}
			seen[id] = true
			opts.Accounts = append(opts.Accounts, emulator.IntegratedAccount{ID: id, Profile: defaultProfile()})
		}
	}
	if opts.Token == "" {
		return nil, errors.New("a token is required (-token)")
	}
	if len(opts.Accounts) == 0 {
		return nil, errors.New("at least one integrated account is required (-accounts)")
	}
	if err := cfg.faults.Validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}

func readFileConfig(path string) (*fileConfig, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var fc fileConfig
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &fc, nil
}

// parseRate parses "N/duration" ("50/10s", "5/500ms", "100/s"), "N" (per
// 10 s) or "off".
func parseRate(s string) (emulator.RateLimit, error) {
	s = strings.TrimSpace(s)
	if s == "off" || s == "none" || s == "-1" {
		return emulator.RateLimit{Requests: -1}, nil
	}
	n, per, hasPer := strings.Cut(s, "/")
	reqs, err := strconv.Atoi(n)
	if err != nil || reqs <= 0 {
		return emulator.RateLimit{}, fmt.Errorf("%q: want N/duration like 50/10s, or off", s)
	}
	d := 10 * time.Second
	if hasPer {
		if per != "" && (per[0] < '0' || per[0] > '9') {
			per = "1" + per // "100/s"
		}
		d, err = time.ParseDuration(per)
		if err != nil || d <= 0 {
			return emulator.RateLimit{}, fmt.Errorf("%q: bad duration %q", s, per)
		}
	}
	return emulator.RateLimit{Requests: reqs, Per: d}, nil
}
