package org.cheriemu.emulator.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.cheriemu.isa.cap.Capability;
import org.cheriemu.isa.cap.Permission;

/**
 * The JSON object that describes one capability (the CLI contract of {@code cap decode}). Numbers
 * are 0x-prefixed lowercase hex without leading zeros; top and length may need 17 digits.
 * {@code pesbt} is the register-form metadata, {@code exponent} the stored E (not clamped),
 * {@code otype} the raw 18-bit field and {@code permNames} the hardware permissions held.
 */
public final class CapabilityJson {

    private CapabilityJson() {
    }

    public static void write(JsonGenerator json, Capability cap) throws IOException {
        json.writeStartObject();
        json.writeBooleanField("tag", cap.tag());
        json.writeStringField("address", Numbers.hex(cap.address()));
        json.writeStringField("base", Numbers.hex(cap.base()));
        json.writeStringField("top", "0x" + cap.top().toString(16));
        json.writeStringField("length", "0x" + cap.length().toString(16));
        json.writeStringField("offset", Numbers.hex(cap.offset()));
        json.writeStringField("perms", Numbers.hex(cap.perms()));
        json.writeStringField("uperms", Numbers.hex(cap.uperms()));
        json.writeStringField("otype", Numbers.hex(cap.otype()));
        json.writeStringField("flags", Numbers.hex(cap.flags()));
        json.writeNumberField("exponent", cap.exponent());
        json.writeBooleanField("sealed", cap.isSealed());
        json.writeStringField("pesbt", Numbers.hex(cap.meta()));
        json.writeArrayFieldStart("permNames");
        for (Permission p : cap.permissions()) {
            json.writeString(p.name());
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
