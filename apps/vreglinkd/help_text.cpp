#include "help_text.h"

namespace vreglink::daemon {

std::string helpDescription() {
    return "vreglinkd — publish Victron Energy VE.Direct and Bluetooth devices on D-Bus the way\n"
           "Venus OS does.\n"
           "Each device becomes a service com.victronenergy.<type>.<name> (type from the product\n"
           "family: solarcharger, battery, inverter, dcdc, charger; name from the config, else\n"
           "the tty name, e.g. ttyUSB0, or ble_<address>), registered once the product is\n"
           "identified, removed when the device is lost, registered again when it returns.";
}

std::string helpFooter() {
    return R"(PUBLISHED PATHS (per service)
  /                     com.victronenergy.BusItem: GetItems, GetValue, GetText of the whole
                        tree; ItemsChanged (batched, at most once a second)
  /<path>               com.victronenergy.BusItem: GetValue, GetText, SetValue (0 ok,
                        1 read-only, 2 rejected), PropertiesChanged; invalid = empty ai
  /Mgmt/*, /DeviceInstance, /ProductId, /ProductName, /FirmwareVersion, /Serial,
  /Connected, /CustomName   mandatory Venus paths; role paths (/Dc/0/Voltage, /Yield/Power,
                        /Soc, /History/*, …) for solar chargers, battery monitors, inverters
  /Devices/0/VregLink   com.victronenergy.VregLink: GetVreg(q) -> (q status, ay data),
                        SetVreg(q, ay) -> (q status, ay data); raw little-endian register
                        bytes. Status 0 ok, 0x8100 unknown register or writes refused
                        (read_only), 0x8200 busy, 0x8300 wrong length / out of range (nothing
                        sent), 0x8400 no answer within the budget
  /Devices/0/{DeviceInstance,ProductId,ProductName,ServiceName,CustomName,FirmwareVersion,Serial}

DEVICE INSTANCE
  device_instance from the config; else a stable value derived from product id and serial
  (solar chargers 288..319, other classes 256..287); when com.victronenergy.settings is on the
  bus, negotiated through /Settings/Devices/vreglink_<serial>/ClassAndVrmInstance, and later
  changes of that setting are followed.

CONFIGURATION (--config FILE, TOML; flags override the file)
  bus = "system"          "system", "session" or an address ("unix:path=/run/x/bus")
  read_only = false       refuse SetVreg (0x8100) and SetValue (1); nothing is sent
  log_level = "info"      debug, info, warning, error
  budget_ms = 3000        every VregLink call is answered within this time
  [[device]]              one per device:
  type = "vedirect"         link type
  path = "/dev/ttyUSB0"     serial port (a udev symlink like /dev/ttyVE.HQ1234ABCDE is best)
  name = "mppt1"            optional service suffix (default: tty name)
  device_instance = 288     optional fixed DeviceInstance
  timeout_ms = 1000         per try; retries = 2 (tries = 1 + retries)
  type = "ble"              VictronConnect Bluetooth through BlueZ (system bus), with:
  address = "C0:FF:EE:00:00:01"  the device address (service suffix ble_c0ffee000001)
  pin = 123456              optional PIN, 0..999999 or a six-digit string ("012345")
  adapter = "hci0"          optional adapter; timeout_ms >= 2000 (default 3000)
  [mqtt]                  also publish on an MQTT broker (or --mqtt HOST[:PORT]):
  host = "127.0.0.1"        broker; port = 1883 (8883 with TLS)
  portal_id = "…"           the <portal> of every topic (default: from /etc/machine-id; --portal)
  username, password        broker credentials; client_id (default vreglinkd-<portal>)
  ca_file, cert_file, key_file   TLS: verify the broker; client certificate
  protocol = "5"            "5" (falls back to 3.1.1) or "3.1.1"
  venus_topics = true       N/R/W topics with keep-alive, as dbus-flashmq on a GX
  rpc = true                VregLink RPC on vreglink/<portal>/rpc (README)
  rpc_writes = false        RPC "set" refused (0x8100) unless true
  home_assistant = false    Home Assistant discovery; home_assistant_prefix = "homeassistant"

SIGNALS
  SIGTERM, SIGINT   leave the bus (every service name released) and exit 0
  SIGHUP            reload the config file: read_only and budget apply to running services at
                    once, new devices are added, removed ones leave the bus; requests in flight
                    are answered. A config with errors is refused and the old one kept.

SYSTEMD
  Type=notify: READY=1 once the devices are set up, STATUS= with counts, RELOADING=1 around
  SIGHUP, WATCHDOG=1 at half of WatchdogSec. Logs go to stderr (journald keeps the levels).

EXIT CODES
  0 stopped by SIGTERM/SIGINT, or --help/--version
  1 cannot connect to the bus
  2 usage or configuration error

EXAMPLES
  vreglinkd --bus session --device /dev/ttyUSB0
  vreglinkd --config /etc/vreglink/vreglinkd.toml
  vreglinkd --device /dev/ttyUSB0 --mqtt 127.0.0.1 --portal shed
  mosquitto_pub -t R/shed/keepalive -n; mosquitto_sub -t 'N/shed/#' -v
  busctl call com.victronenergy.solarcharger.ttyUSB0 /Devices/0/VregLink \
      com.victronenergy.VregLink GetVreg q 0xEDF0)";
}

}  // namespace vreglink::daemon
