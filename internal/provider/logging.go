package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// clientLogger sends the API client's debug lines to Terraform's log (TF_LOG). The client never logs
// the token, and as a second line of defence every message and field is masked for it here too.
type clientLogger struct {
	token string
}

func newClientLogger(token string) clientLogger { return clientLogger{token: token} }

func (l clientLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	ctx = tflog.SetField(ctx, "truto_api", true)
	if l.token != "" {
		ctx = tflog.MaskMessageStrings(ctx, l.token)
		ctx = tflog.MaskAllFieldValuesStrings(ctx, l.token)
	}
	tflog.Debug(ctx, msg, fields)
}
