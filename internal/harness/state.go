package harness

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Instance is one resource instance in a local state file.
type Instance struct {
	Address    string // e.g. truto_crm_account.a[3]
	Type       string
	Attributes map[string]any
}

// ID is the instance's id attribute.
func (i Instance) ID() string {
	s, _ := i.Attributes["id"].(string)
	return s
}

// ReadState reads the managed resource instances of the working directory's terraform.tfstate
// (none when there is no state file yet).
func (w *Workdir) ReadState() ([]Instance, error) {
	data, err := os.ReadFile(filepath.Join(w.Dir, "terraform.tfstate"))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var st struct {
		Resources []struct {
			Mode      string `json:"mode"`
			Type      string `json:"type"`
			Name      string `json:"name"`
			Instances []struct {
				IndexKey   any            `json:"index_key"`
				Attributes map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("reading terraform.tfstate: %w", err)
	}
	var out []Instance
	for _, r := range st.Resources {
		if r.Mode != "managed" {
			continue
		}
		for _, in := range r.Instances {
			addr := r.Type + "." + r.Name
			switch k := in.IndexKey.(type) {
			case float64:
				addr += fmt.Sprintf("[%d]", int(k))
			case string:
				addr += fmt.Sprintf("[%q]", k)
			}
			out = append(out, Instance{Address: addr, Type: r.Type, Attributes: in.Attributes})
		}
	}
	return out, nil
}
