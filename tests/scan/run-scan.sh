#!/usr/bin/env bash
# Security scan: starts the built portal on loopback (Development, demo data, the per-network rate limits lifted so
# every form can really be exercised), runs Debian's wapiti against it and sqlmap against each public form, and
# fails on any high-severity finding (wapiti level >= 3, which includes every 500 answer) or any injection sqlmap
# confirms. Needs: apt-get install wapiti sqlmap; the solution built (dotnet build Portal.sln).
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
port="${SCAN_PORT:-5299}"
base="http://127.0.0.1:$port"
work="$(mktemp -d)"
portal_pid=""

cleanup() {
  if [ -n "$portal_pid" ]; then kill "$portal_pid" 2>/dev/null || true; wait "$portal_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

for tool in wapiti sqlmap; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y wapiti sqlmap" >&2; exit 2; }
done

echo "Starting the portal on $base (data in $work)"
ASPNETCORE_ENVIRONMENT=Development \
Database__DataFolder="$work/data" \
Email__PickupFolder="$work/mail" \
Logging__LogLevel__Default=Warning \
AccountRateLimits__SignIn__PermitLimit=1000000 \
AccountRateLimits__Registration__PermitLimit=1000000 \
AccountRateLimits__PasswordReset__PermitLimit=1000000 \
Exposure__Check__IpPermitLimit=1000000 \
Notifications__GenuineCheckPermitLimit=1000000 \
  dotnet run --no-build --no-launch-profile --project "$root/src/Portal.Web" --urls "$base" > "$work/portal.log" 2>&1 &
portal_pid=$!
for _ in $(seq 1 120); do
  if curl -fs -o /dev/null "$base/"; then break; fi
  kill -0 "$portal_pid" 2>/dev/null || { cat "$work/portal.log" >&2; echo "The portal did not start." >&2; exit 1; }
  sleep 1
done
curl -fs -o /dev/null "$base/" || { echo "The portal did not answer on $base." >&2; exit 1; }

echo "Running wapiti"
mkdir -p "$work/wapiti"
wapiti -u "$base/" --scope folder \
  -m "blindsql,cookieflags,crlf,csp,csrf,exec,file,http_headers,permanentxss,redirect,sql,xss,methods" \
  -d 3 --max-links-per-page 40 --max-scan-time 420 --max-attack-time 120 \
  --flush-session -f json -o "$work/wapiti/report.json" -v 0 > "$work/wapiti.log" 2>&1 \
  || { cat "$work/wapiti.log" >&2; echo "wapiti failed to run." >&2; exit 1; }

high=0
python3 - "$work/wapiti/report.json" <<'PY' || high=1
import json, sys
report = json.load(open(sys.argv[1]))
findings = [(kind, name, item) for kind in ("vulnerabilities", "anomalies")
            for name, items in report[kind].items() for item in items]
for kind, name, item in findings:
    print(f"  wapiti level {item['level']} {kind[:-3] if kind.endswith('ies') else kind}: {name} on {item['path']}: {item['info'][:160]}")
high = [f for f in findings if f[2]["level"] >= 3]
print(f"wapiti: {len(findings)} finding(s), {len(high)} of high severity")
sys.exit(1 if high else 0)
PY

echo "Running sqlmap against the public forms"
injectable=0
# path|form handler|fields to attack|the rest of the form
forms=(
  "/check|check-start|Input.Email|"
  "/Account/Login|login|Input.Email,Input.Password|Input.RememberMe=false"
  "/Account/Register|register|Input.DisplayName,Input.Email,Input.Password,Input.ConfirmPassword|"
  "/Account/ForgotPassword|forgot-password|Input.Email|"
  "/Account/ResendEmailConfirmation|resend-email-confirmation|Input.Email|"
  "/genuine|genuine-check|Input.Reference|"
)
for entry in "${forms[@]}"; do
  IFS='|' read -r path handler fields rest <<< "$entry"
  data="_handler=$handler&__RequestVerificationToken=x"
  IFS=',' read -r -a names <<< "$fields"
  for name in "${names[@]}"; do
    case "$name" in
      *Email) value="scan%40example.org" ;;
      *Password) value="Correct-Horse-Battery-42" ;;
      *Reference) value="N-2345-6789" ;;
      *) value="Scan" ;;
    esac
    data="$data&$name=$value"
  done
  [ -n "$rest" ] && data="$data&$rest"
  log="$work/sqlmap-$handler.log"
  sqlmap -u "$base$path" --data="$data" --csrf-token="__RequestVerificationToken" -p "$fields" \
    --batch --level=2 --risk=1 --dbms=SQLite --flush-session --disable-coloring \
    --output-dir="$work/sqlmap" > "$log" 2>&1 || true
  if grep -q "sqlmap identified the following injection point" "$log"; then
    echo "  sqlmap: INJECTABLE $path ($fields)"; injectable=1
  elif grep -q "do not appear to be injectable\|does not seem to be injectable" "$log"; then
    echo "  sqlmap: $path ($fields): not injectable"
  else
    tail -20 "$log" >&2; echo "  sqlmap: $path: no verdict" >&2; injectable=1
  fi
done

if grep -q " 500 " "$work/portal.log"; then
  echo "The portal logged a 500 during the scan:" >&2; grep " 500 " "$work/portal.log" >&2; high=1
fi

if [ "$high" -ne 0 ] || [ "$injectable" -ne 0 ]; then
  echo "scan: FAILED"
  exit 1
fi
echo "scan: no high-severity finding"
