// Package deploy_test checks the deployment files: the Kubernetes manifests
// decode strictly into the Kubernetes API types (an unknown or misspelt
// field fails), their sshblog arguments parse as sshblog's own flags, and
// what a fleet relies on is there (probes, PROXY protocol, read-only host
// keys, non-root, read-only root); the alerts name metrics the server has.
package deploy_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/yaml"

	"github.com/sshblog/sshblog/internal/config"
	"github.com/sshblog/sshblog/internal/metrics"
)

// objects decodes every document of the manifests in kubernetes/, each
// into the API type of its kind, refusing unknown fields.
type objects struct {
	deployments []appsv1.Deployment
	services    []corev1.Service
	secrets     []corev1.Secret
	pdbs        []policyv1.PodDisruptionBudget
}

func load(t *testing.T) objects {
	t.Helper()
	var o objects
	files, _ := filepath.Glob("kubernetes/*.yaml")
	if len(files) == 0 {
		t.Fatal("no manifests in deploy/kubernetes")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, doc := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(b), -1) {
			var meta struct{ APIVersion, Kind string }
			if err := yaml.Unmarshal([]byte(doc), &meta); err != nil {
				t.Fatalf("%s document %d: %v", f, i+1, err)
			}
			strict := func(v any) {
				if err := yaml.UnmarshalStrict([]byte(doc), v); err != nil {
					t.Errorf("%s document %d (%s): %v", f, i+1, meta.Kind, err)
				}
			}
			switch meta.APIVersion + " " + meta.Kind {
			case "apps/v1 Deployment":
				var d appsv1.Deployment
				strict(&d)
				o.deployments = append(o.deployments, d)
			case "v1 Service":
				var s corev1.Service
				strict(&s)
				o.services = append(o.services, s)
			case "v1 Secret":
				var s corev1.Secret
				strict(&s)
				o.secrets = append(o.secrets, s)
			case "policy/v1 PodDisruptionBudget":
				var p policyv1.PodDisruptionBudget
				strict(&p)
				o.pdbs = append(o.pdbs, p)
			case "kustomize.config.k8s.io/v1beta1 Kustomization":
				var k struct{ Resources []string }
				if err := yaml.Unmarshal([]byte(doc), &k); err != nil {
					t.Fatal(err)
				}
				for _, r := range k.Resources {
					if _, err := os.Stat(filepath.Join("kubernetes", r)); err != nil {
						t.Errorf("kustomization lists %s: %v", r, err)
					}
				}
			default:
				t.Errorf("%s document %d: unexpected %s %s", f, i+1, meta.APIVersion, meta.Kind)
			}
		}
	}
	return o
}

func container(t *testing.T, spec corev1.PodSpec, name string) corev1.Container {
	t.Helper()
	for _, c := range spec.Containers {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no container %q", name)
	return corev1.Container{}
}

func TestManifests(t *testing.T) {
	o := load(t)
	if len(o.deployments) != 1 || len(o.services) != 2 || len(o.secrets) != 1 || len(o.pdbs) != 1 {
		t.Fatalf("manifests: %d deployments, %d services, %d secrets, %d disruption budgets; want 1, 2, 1, 1",
			len(o.deployments), len(o.services), len(o.secrets), len(o.pdbs))
	}
	d := o.deployments[0]
	pod := d.Spec.Template.Spec
	labels := d.Spec.Template.Labels
	for k, v := range d.Spec.Selector.MatchLabels {
		if labels[k] != v {
			t.Errorf("the Deployment's selector %s=%s does not match its pods", k, v)
		}
	}
	if d.Spec.Replicas == nil || *d.Spec.Replicas < 2 {
		t.Error("fewer than 2 replicas: one replica down is the blog down")
	}
	if ru := d.Spec.Strategy.RollingUpdate; ru == nil || ru.MaxUnavailable == nil || ru.MaxUnavailable.IntValue() != 0 {
		t.Error("a rolling update may take a replica down before its successor is ready (maxUnavailable must be 0)")
	}

	// sshblog's arguments are sshblog's flags, and say what a fleet needs.
	blog := container(t, pod, "sshblog")
	cfg, err := config.Parse(blog.Args, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatalf("sshblog's args do not parse: %v", err)
	}
	if !cfg.ProxyProtocol || cfg.ProxyTrusted == "" || cfg.MetricsListen == "" || cfg.HostKeyDir != "/hostkeys" {
		t.Errorf("sshblog runs without PROXY protocol, metrics or /hostkeys: %v", blog.Args)
	}
	if grace := time.Duration(*pod.TerminationGracePeriodSeconds) * time.Second; grace <= cfg.DrainDelay+cfg.DrainTimeout {
		t.Errorf("terminationGracePeriodSeconds %v cuts the drain (delay %v + timeout %v) short", grace, cfg.DrainDelay, cfg.DrainTimeout)
	}
	ports := map[string]int32{}
	for _, p := range blog.Ports {
		ports[p.Name] = p.ContainerPort
	}
	if ports["ssh"] == 0 || !strings.HasSuffix(cfg.Listen, ":"+strconv.Itoa(int(ports["ssh"]))) || !strings.HasSuffix(cfg.MetricsListen, ":"+strconv.Itoa(int(ports["metrics"]))) {
		t.Errorf("container ports %v do not match --listen %s and --metrics-listen %s", ports, cfg.Listen, cfg.MetricsListen)
	}
	for probe, want := range map[*corev1.Probe]string{blog.ReadinessProbe: "/readyz", blog.LivenessProbe: "/healthz", blog.StartupProbe: "/healthz"} {
		if probe == nil || probe.HTTPGet == nil || probe.HTTPGet.Path != want || probe.HTTPGet.Port.String() != "metrics" {
			t.Errorf("probe %+v, want GET %s on the metrics port", probe, want)
		}
	}
	if blog.Resources.Requests.Cpu().IsZero() || blog.Resources.Requests.Memory().IsZero() || blog.Resources.Limits.Memory().IsZero() {
		t.Error("sshblog has no CPU and memory requests or no memory limit")
	}

	// Non-root, read-only root, no privilege: every container.
	if sc := pod.SecurityContext; sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot || sc.RunAsUser == nil || *sc.RunAsUser == 0 {
		t.Error("the pod may run as root")
	}
	for _, c := range slices.Concat(pod.InitContainers, pod.Containers) {
		sc := c.SecurityContext
		if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
			t.Errorf("container %s: root filesystem writable or privilege escalation allowed", c.Name)
		}
	}

	// Content from git-sync in an emptyDir, read-only for sshblog; the
	// host key from the Secret, read-only.
	volumes := map[string]corev1.Volume{}
	for _, v := range pod.Volumes {
		volumes[v.Name] = v
	}
	mounts := map[string]corev1.VolumeMount{}
	for _, m := range blog.VolumeMounts {
		mounts[m.MountPath] = m
	}
	if m := mounts["/hostkeys"]; !m.ReadOnly || volumes[m.Name].Secret == nil || volumes[m.Name].Secret.SecretName != o.secrets[0].Name {
		t.Errorf("/hostkeys is not the Secret %s mounted read-only", o.secrets[0].Name)
	}
	if _, ok := o.secrets[0].StringData["ssh_host_ed25519_key"]; !ok {
		t.Error("the Secret has no ssh_host_ed25519_key")
	}
	var content corev1.VolumeMount
	for _, m := range blog.VolumeMounts {
		if strings.HasPrefix(cfg.ContentDir+"/", m.MountPath+"/") {
			content = m
		}
	}
	if !content.ReadOnly || volumes[content.Name].EmptyDir == nil {
		t.Errorf("--content %s is not on a read-only emptyDir mount", cfg.ContentDir)
	}
	// A large blog's spill file on a writable emptyDir (the root
	// filesystem is read-only).
	if m, ok := mounts[cfg.SpillDir]; cfg.SpillDir == "" || !ok || m.ReadOnly || volumes[m.Name].EmptyDir == nil {
		t.Errorf("--spill-dir %q is not a writable emptyDir mount", cfg.SpillDir)
	} else if limit := volumes[m.Name].EmptyDir.SizeLimit; limit != nil && (cfg.SpillMax <= 0 || 2*int64(cfg.SpillMax) >= limit.Value()) {
		// A compaction writes the live texts (up to the maximum) to a
		// new file while the old one is still there.
		t.Errorf("twice --spill-max %d (the old and new files of a compaction) is not under the spill emptyDir's sizeLimit %s: the pod would be evicted", cfg.SpillMax, limit)
	}
	sync := container(t, pod, "git-sync")
	if !slices.ContainsFunc(sync.VolumeMounts, func(m corev1.VolumeMount) bool { return m.Name == content.Name && !m.ReadOnly }) ||
		!slices.ContainsFunc(sync.Args, func(a string) bool {
			return strings.HasPrefix(a, "--link=") && strings.HasSuffix(cfg.ContentDir, "/"+strings.TrimPrefix(a, "--link="))
		}) {
		t.Errorf("git-sync does not write the content volume through the link sshblog reads (%s): %v", cfg.ContentDir, sync.Args)
	}

	// The public Service: a load balancer on 22 that keeps the client's
	// node and turns PROXY protocol on; metrics stay in the cluster.
	for _, s := range o.services {
		for k, v := range s.Spec.Selector {
			if labels[k] != v {
				t.Errorf("Service %s selects %s=%s, not the sshblog pods", s.Name, k, v)
			}
		}
		for _, p := range s.Spec.Ports {
			if _, ok := ports[p.TargetPort.String()]; !ok {
				t.Errorf("Service %s targets port %s, which the container does not name", s.Name, p.TargetPort.String())
			}
		}
		if s.Spec.Type == corev1.ServiceTypeLoadBalancer {
			if s.Spec.ExternalTrafficPolicy != corev1.ServiceExternalTrafficPolicyLocal || len(s.Spec.Ports) != 1 || s.Spec.Ports[0].Port != 22 || s.Spec.Ports[0].TargetPort.String() != "ssh" {
				t.Errorf("public Service %s: want port 22 to ssh with externalTrafficPolicy Local", s.Name)
			}
			proxy := 0
			for k := range s.Annotations {
				if strings.Contains(k, "proxy-protocol") || strings.Contains(k, "proxyprotocol") {
					proxy++
				}
			}
			if proxy == 0 {
				t.Errorf("public Service %s has no PROXY protocol annotation", s.Name)
			}
		} else if slices.ContainsFunc(s.Spec.Ports, func(p corev1.ServicePort) bool { return p.TargetPort.String() == "metrics" }) && s.Spec.Type != corev1.ServiceTypeClusterIP {
			t.Errorf("the metrics Service %s is %s, want ClusterIP", s.Name, s.Spec.Type)
		}
	}
	pdb := o.pdbs[0]
	if pdb.Spec.MinAvailable == nil || pdb.Spec.MinAvailable.IntValue() < 1 || pdb.Spec.MinAvailable.IntValue() >= int(*d.Spec.Replicas) {
		t.Errorf("PodDisruptionBudget minAvailable %v with %d replicas: want at least 1 and fewer than the replicas", pdb.Spec.MinAvailable, *d.Spec.Replicas)
	}
}

// The HAProxy configuration speaks TCP, sends PROXY v2 and checks /readyz
// (internal/e2e/fleet_test.go runs it).
func TestHAProxyConfig(t *testing.T) {
	b, err := os.ReadFile("haproxy.cfg")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"mode tcp", "send-proxy-v2", "option httpchk GET /readyz", "http-check expect status 200", "port 9222"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("haproxy.cfg has no %q", want)
		}
	}
}

// Every sshblog metric the scrape example's alerts use exists.
func TestAlertsUseRealMetrics(t *testing.T) {
	m := metrics.New()
	m.WatchCache(func() metrics.CacheStats { return metrics.CacheStats{} })
	m.WatchContent(func() metrics.ContentStats { return metrics.ContentStats{} })
	fams, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, f := range fams {
		have[f.GetName()] = true
		have[f.GetName()+"_bucket"] = true // histograms
	}
	b, err := os.ReadFile("prometheus/alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	var rules struct {
		Groups []struct {
			Name  string
			Rules []struct {
				Alert, Expr, For    string
				Labels, Annotations map[string]string
			}
		}
	}
	if err := yaml.UnmarshalStrict(b, &rules); err != nil {
		t.Fatalf("alerts.yml: %v", err)
	}
	n := 0
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			n++
			for _, name := range regexp.MustCompile(`\b(sshblog_[a-z_]+|process_[a-z_]+)\b`).FindAllString(r.Expr, -1) {
				if !have[name] {
					t.Errorf("alert %s uses %s, which sshblog does not export", r.Alert, name)
				}
			}
		}
	}
	if n == 0 {
		t.Error("no alerts")
	}
	var scrape struct {
		ScrapeConfigs []struct {
			JobName string `json:"job_name"`
		} `json:"scrape_configs"`
		RuleFiles []string `json:"rule_files"`
	}
	b, err = os.ReadFile("prometheus/prometheus.yml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &scrape); err != nil || len(scrape.ScrapeConfigs) == 0 {
		t.Errorf("prometheus.yml: %d scrape configs, %v", len(scrape.ScrapeConfigs), err)
	}
}
