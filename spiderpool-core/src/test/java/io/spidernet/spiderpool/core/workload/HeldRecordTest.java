package io.spidernet.spiderpool.core.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The held-record decision as a table. Columns: case, the record's UID ({@code -}: no record), keeps
 * addresses (StatefulSet/VM), the NIC listed, expected verdict. The asking pod's UID is always {@code u1}.
 */
class HeldRecordTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", textBlock = """
            nothing filed,                              -,  false, false, 'None[]'
            nothing filed for a StatefulSet pod,        -,  true,  false, 'None[]'
            same pod asks again for a listed NIC,       u1, false, true,  'SamePod[nicRecorded=true]'
            same pod adds another NIC,                  u1, false, false, 'SamePod[nicRecorded=false]'
            record of an older pod,                     u0, false, true,  'OlderPod[previousUid=u0]'
            record of an older pod without the NIC,     u0, false, false, 'OlderPod[previousUid=u0]'
            slot handed over from the previous replica, u0, true,  true,  'FixedSlot[previousUid=u0, nicRecorded=true]'
            slot kept with this NIC new to it,          u0, true,  false, 'FixedSlot[previousUid=u0, nicRecorded=false]'
            slot of this very pod asked again,          u1, true,  true,  'FixedSlot[previousUid=u1, nicRecorded=true]'
            slot of this very pod for another NIC,      u1, true,  false, 'SamePod[nicRecorded=false]'
            a record naming no pod is an older one,     '', false, false, 'OlderPod[previousUid=]'
            """)
    void judgesWhatIsHeld(String rule, String recordUid, boolean keepsAddresses, boolean nicRecorded, String verdict) {
        HeldRecord judged = HeldRecord.judge("u1", keepsAddresses, Optional.ofNullable(recordUid), nicRecorded);
        assertThat(judged.toString()).as(rule).isEqualTo(verdict);
    }
}
