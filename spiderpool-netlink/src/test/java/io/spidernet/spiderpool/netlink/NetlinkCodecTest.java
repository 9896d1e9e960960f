package io.spidernet.spiderpool.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The byte layout of requests and the parsing of replies, on hand-made bytes. */
class NetlinkCodecTest {

    @Test
    void buildsHeaderFamilyHeaderAndAlignedAttributes() {
        NetlinkRequest r = new NetlinkRequest(RouteNetlink.RTM_NEWLINK, NetlinkRequest.NLM_F_ACK | NetlinkRequest.NLM_F_CREATE)
                .u8(0).u8(0).u16(0).u32(0).u32(0).u32(0);
        r.attribute(RouteNetlink.IFLA_IFNAME, "br0");
        int linkInfo = r.beginNested(18);
        r.attribute(1, "bridge");
        r.endNested(linkInfo);

        ByteBuffer b = ByteBuffer.wrap(r.toBytes(7)).order(ByteOrder.nativeOrder());

        // 16 header + 16 ifinfomsg + 8 ("br0\0" padded) + 4 nest header + 12 ("bridge\0" padded to 8)
        assertThat(b.limit()).isEqualTo(56);
        assertThat(b.getInt(0)).isEqualTo(56);
        assertThat(b.getShort(4)).isEqualTo((short) RouteNetlink.RTM_NEWLINK);
        assertThat(b.getShort(6)).isEqualTo((short) (NetlinkRequest.NLM_F_REQUEST | NetlinkRequest.NLM_F_ACK
                | NetlinkRequest.NLM_F_CREATE));
        assertThat(b.getInt(8)).isEqualTo(7);
        assertThat(b.getShort(32)).isEqualTo((short) 8); // "br0\0" + 4-byte attribute header
        assertThat(b.getShort(40)).isEqualTo((short) 16); // nest: its header + the 12-byte kind attribute
        assertThat(b.getShort(44)).isEqualTo((short) 11); // "bridge\0" + header, unpadded length
    }

    @Test
    void parsesMessagesAttributesAndNestedAttributes() throws NetlinkException {
        NetlinkRequest link = new NetlinkRequest(RouteNetlink.RTM_NEWLINK, 0)
                .u8(0).u8(0).u16(0).u32(5).u32(1).u32(0);
        link.attribute(RouteNetlink.IFLA_IFNAME, "eth0");
        link.attributeU32(4, 1500);
        int nest = link.beginNested(18);
        link.attribute(1, "veth");
        link.endNested(nest);
        NetlinkRequest done = new NetlinkRequest(NetlinkMessage.NLMSG_DONE, 0).u32(0);
        ByteBuffer datagram = concat(link.toBytes(3), done.toBytes(3));

        List<NetlinkMessage> messages = NetlinkMessage.parseAll(datagram);

        assertThat(messages).extracting(NetlinkMessage::type).containsExactly(RouteNetlink.RTM_NEWLINK,
                NetlinkMessage.NLMSG_DONE);
        NetlinkMessage m = messages.getFirst();
        assertThat(m.seq()).isEqualTo(3);
        assertThat(m.payload().getInt(4)).isEqualTo(5);
        NetlinkAttributes attrs = m.attributes(RouteNetlink.IFINFOMSG_LENGTH);
        assertThat(attrs.string(RouteNetlink.IFLA_IFNAME)).isEqualTo("eth0");
        assertThat(attrs.u32(4, -1)).isEqualTo(1500);
        assertThat(attrs.u32(99, -1)).isEqualTo(-1);
        assertThat(attrs.nested(18).string(1)).isEqualTo("veth");
        assertThat(attrs.nested(77).has(1)).isFalse();
    }

    @Test
    void readsTheErrnoOfAnErrorMessage() throws NetlinkException {
        NetlinkRequest error = new NetlinkRequest(NetlinkMessage.NLMSG_ERROR, 0).u32(-17);

        assertThat(NetlinkMessage.parseAll(ByteBuffer.wrap(error.toBytes(1))).getFirst().errorCode()).isEqualTo(17);
    }

    @Test
    void refusesALengthThatRunsPastTheDatagram() {
        byte[] bytes = new NetlinkRequest(RouteNetlink.RTM_NEWLINK, 0).u32(0).toBytes(1);
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).putInt(0, 400);

        assertThatThrownBy(() -> NetlinkMessage.parseAll(ByteBuffer.wrap(bytes)))
                .isInstanceOf(NetlinkException.class).hasMessageContaining("length 400");
    }

    @Test
    void keepsTheWellFormedAttributesBeforeATruncatedTail() throws NetlinkException {
        byte[] bytes = new NetlinkRequest(RouteNetlink.RTM_NEWLINK, 0).u32(0).u32(0).u32(0).u32(0)
                .attribute(RouteNetlink.IFLA_IFNAME, "lo").u16(40).u16(9).toBytes(1);

        NetlinkAttributes attrs = NetlinkMessage.parseAll(ByteBuffer.wrap(bytes)).getFirst()
                .attributes(RouteNetlink.IFINFOMSG_LENGTH);

        assertThat(attrs.string(RouteNetlink.IFLA_IFNAME)).isEqualTo("lo");
        assertThat(attrs.has(9)).isFalse();
    }

    private static ByteBuffer concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).flip();
    }
}
