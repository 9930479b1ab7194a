package simtest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim/simtest"
)

func get(t *testing.T, u string, h map[string]string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %s", u, data)
	}
	return resp.StatusCode, m
}

func TestStart(t *testing.T) {
	zone := simtest.Start(t, autotasksim.Options{Control: true})
	if !strings.HasPrefix(zone.URL, "http://127.0.0.1:") || !strings.HasSuffix(zone.URL, "/ATServicesRest/") {
		t.Fatalf("URL %s", zone.URL)
	}
	status, zi := get(t, zone.URL+"V1.0/zoneInformation?user="+url.QueryEscape(zone.Username), nil)
	if status != http.StatusOK || zi["url"] != zone.URL {
		t.Fatalf("zoneInformation %d %v", status, zi)
	}
	auth := map[string]string{"UserName": zone.Username, "Secret": zone.Secret, "ApiIntegrationCode": zone.IntegrationCode}
	if status, m := get(t, zone.URL+"V1.0/Resources/entityInformation", auth); status != http.StatusOK || m["info"] == nil {
		t.Fatalf("entityInformation %d %v", status, m)
	}
	if status, m := get(t, zone.ControlURL, nil); status != http.StatusOK || m["profile"] != "public" {
		t.Fatalf("control %d %v", status, m)
	}
	if zone.Sim.Profile() != autotasksim.ProfilePublic || zone.ServerURL != zone.Server.URL {
		t.Fatal("accessors")
	}
}

func TestStartExtended(t *testing.T) {
	zone := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfileExtended})
	auth := map[string]string{"UserName": zone.Username, "Secret": zone.Secret, "ApiIntegrationCode": zone.IntegrationCode}
	if status, m := get(t, zone.URL+"V1.0/SecurityLevels/entityInformation", auth); status != http.StatusOK || m["info"] == nil {
		t.Fatalf("SecurityLevels entityInformation %d %v", status, m)
	}
	if st := zone.Sim.Stats(); st.Requests["SecurityLevels"]["info"] != 1 {
		t.Fatalf("stats %+v", st)
	}
}
