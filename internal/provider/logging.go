package provider

import "os"

// quietLoggers are a provider process's log levels: the SDK's (framework and protocol) and this
// provider's own.
var quietLoggers = []string{"TF_LOG_SDK", "TF_LOG_PROVIDER_AUTOTASK"}

// QuietUnlessTerraformLogs turns the process's loggers off when the CLI will discard what they
// write. Terraform and OpenTofu keep a provider's logs only under TF_LOG or TF_LOG_PROVIDER, yet
// the SDK logs at trace level by default: about 30 MB of JSON for a plan over 100 resources,
// and half of its time (make bench). A level set explicitly is kept. Call it before serving.
func QuietUnlessTerraformLogs() {
	if os.Getenv("TF_LOG") != "" || os.Getenv("TF_LOG_PROVIDER") != "" {
		return
	}
	for _, name := range quietLoggers {
		if _, set := os.LookupEnv(name); !set {
			_ = os.Setenv(name, "off")
		}
	}
}
