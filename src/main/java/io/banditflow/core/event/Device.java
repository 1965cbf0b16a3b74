package io.banditflow.core.event;

/** Device class of an impression or click, as the ad platform reports it. */
public enum Device {
    DESKTOP,
    MOBILE,
    TABLET,
    OTHER
}
