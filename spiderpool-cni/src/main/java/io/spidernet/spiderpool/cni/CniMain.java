package io.spidernet.spiderpool.cni;

public final class CniMain {
    private CniMain() {}

    public static void main(String[] args) {
        System.out.println("{}");
    }
}
