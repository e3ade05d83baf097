"""Sensors and schedules that notice new releases and start a build."""

from dagster import ScheduleDefinition, SensorDefinition


def release_sensors() -> list[SensorDefinition]:
    return []


def release_schedules() -> list[ScheduleDefinition]:
    return []
