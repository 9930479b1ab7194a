package autotask

import "context"

// Logger receives the client's log lines: one at debug level per request, and one at warning
// level per retry, with its cause and wait. The provider adapts it to tflog; the client package
// itself has no Terraform imports. Fields never hold headers or bodies, and every string in them
// has passed through the client's masker.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
}

type discardLogger struct{}

func (discardLogger) Debug(context.Context, string, map[string]any) {}

func (discardLogger) Warn(context.Context, string, map[string]any) {}
