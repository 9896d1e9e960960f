package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.ip.Cidr;
import java.util.List;

/** What addresses an interface inside a container's network namespace has. */
interface ContainerAddresses {
    /**
     * @return the interface's addresses, or null when the namespace has no such interface
     * @throws io.spidernet.spiderpool.core.cni.CniError when the namespace cannot be inspected
     */
    List<Cidr> of(String netns, String ifName);
}
