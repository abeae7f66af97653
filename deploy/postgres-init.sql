-- Run once by the official PostgreSQL image when its volume is empty (docker-compose.yml,
-- profile postgres): one database per stateful service, owned by the `district` role.
CREATE DATABASE indicators OWNER district;
CREATE DATABASE land_clearance OWNER district;
CREATE DATABASE finance OWNER district;
