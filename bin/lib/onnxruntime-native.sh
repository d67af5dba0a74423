# Sourced by the launchers. ONNX Runtime unpacks its natives into a fresh temporary folder on every start and leaves
# the folder behind; unpack them once beside the build instead and point it there (a build for another platform
# falls back to its default).
# onnxruntime_native_opts LIB_DIR CACHE_DIR: prints the JVM flag to use, or nothing.
onnxruntime_native_opts() {
  local lib="$1" cache="$2" ort_os ort_jar native tmp
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) ort_os=linux-x64 ;;
    Linux-aarch64) ort_os=linux-aarch64 ;;
    *) return 0 ;;
  esac
  ort_jar=$(ls "$lib"/onnxruntime*.jar 2>/dev/null | head -1 || true)
  if [ -z "$ort_jar" ] || ! command -v unzip >/dev/null; then
    return 0
  fi
  native="$cache/$(basename "$ort_jar" .jar)-$ort_os"
  if [ ! -f "$native/.complete" ]; then
    tmp="$native.tmp.$$"
    mkdir -p "$tmp"
    # A second launcher racing this one may win the rename; either way a complete folder ends up in place.
    if unzip -q -j -o "$ort_jar" "ai/onnxruntime/native/$ort_os/*" -d "$tmp" && touch "$tmp/.complete"; then
      mv -T "$tmp" "$native" 2>/dev/null || true
    fi
    rm -rf "$tmp"
  fi
  if [ -f "$native/.complete" ]; then
    echo "-Donnxruntime.native.path=$native"
  fi
}
