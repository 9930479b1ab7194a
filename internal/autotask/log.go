package autotask

import "context"

// Logger receives the client's debug lines. The provider adapts it to tflog; the client package
// itself has no Terraform imports. Fields never hold headers or bodies, and every string in them
// has passed through the client's masker.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
}

type discardLogger struct{}

func (discardLogger) Debug(context.Context, string, map[string]any) {}
