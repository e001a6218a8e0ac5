# Sourced by the run and test scripts: Debian packages the product needs at run/test time.
# Installs them with apt-get when running as root on Debian; otherwise stops with the command to run.

ensure_apt_packages() {
  # usage: ensure_apt_packages "<binary>:<package>" ...
  local missing_pkgs=() spec bin pkg
  for spec in "$@"; do
    bin="${spec%%:*}"
    pkg="${spec##*:}"
    command -v "$bin" >/dev/null 2>&1 || missing_pkgs+=("$pkg")
  done
  [ "${#missing_pkgs[@]}" -eq 0 ] && return 0
  # shellcheck disable=SC2207
  missing_pkgs=($(printf '%s\n' "${missing_pkgs[@]}" | sort -u))
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> Installing Debian packages: ${missing_pkgs[*]} (apt-get install -y)"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y "${missing_pkgs[@]}" >/tmp/festivals-apt.log 2>&1; then
      apt-get update >>/tmp/festivals-apt.log 2>&1 || true
      apt-get install -y "${missing_pkgs[@]}" >>/tmp/festivals-apt.log 2>&1 || {
        echo "apt-get install failed; see /tmp/festivals-apt.log" >&2
        return 1
      }
    fi
  else
    echo "Missing packages: ${missing_pkgs[*]}. Install them first, e.g.:" >&2
    echo "  sudo apt-get install -y ${missing_pkgs[*]}" >&2
    return 1
  fi
}
