/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $String = $util.global.String, $Number = $util.global.Number, $parseInt = $util.global.parseInt, $BigInt = $util.global.BigInt, $Array = $util.global.Array, $isFinite = $util.global.isFinite, $Boolean = $util.global.Boolean;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const gpuwatch = $root.gpuwatch = (() => {

    /**
     * Namespace gpuwatch.
     * @exports gpuwatch
     * @namespace
     */
    const gpuwatch = {};

    gpuwatch.v1 = (function() {

        /**
         * Namespace v1.
         * @memberof gpuwatch
         * @namespace
         */
        const v1 = {};

        v1.TenantUsageRequest = (function() {

            /**
             * Properties of a TenantUsageRequest.
             * @typedef {Object} gpuwatch.v1.TenantUsageRequest.$Properties
             * @property {string|null} [tenant_id] TenantUsageRequest tenant_id
             * @property {number|null} [from_unix_ms] TenantUsageRequest from_unix_ms
             * @property {number|null} [to_unix_ms] TenantUsageRequest to_unix_ms
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a TenantUsageRequest.
             * @memberof gpuwatch.v1
             * @interface ITenantUsageRequest
             * @augments gpuwatch.v1.TenantUsageRequest.$Properties
             * @deprecated Use gpuwatch.v1.TenantUsageRequest.$Properties instead.
             */

            /**
             * Shape of a TenantUsageRequest.
             * @typedef {gpuwatch.v1.TenantUsageRequest.$Properties} gpuwatch.v1.TenantUsageRequest.$Shape
             */

            /**
             * Constructs a new TenantUsageRequest.
             * @memberof gpuwatch.v1
             * @classdesc Represents a TenantUsageRequest.
             * @constructor
             * @param {gpuwatch.v1.TenantUsageRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const TenantUsageRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * TenantUsageRequest tenant_id.
             * @member {string} tenant_id
             * @memberof gpuwatch.v1.TenantUsageRequest
             * @instance
             */
            TenantUsageRequest.prototype.tenant_id = "";

            /**
             * TenantUsageRequest from_unix_ms.
             * @member {number} from_unix_ms
             * @memberof gpuwatch.v1.TenantUsageRequest
             * @instance
             */
            TenantUsageRequest.prototype.from_unix_ms = 0;

            /**
             * TenantUsageRequest to_unix_ms.
             * @member {number} to_unix_ms
             * @memberof gpuwatch.v1.TenantUsageRequest
             * @instance
             */
            TenantUsageRequest.prototype.to_unix_ms = 0;

            /**
             * Encodes the specified TenantUsageRequest message. Does not implicitly {@link gpuwatch.v1.TenantUsageRequest.verify|verify} messages.
             * @function encode
             * @memberof gpuwatch.v1.TenantUsageRequest
             * @static
             * @param {gpuwatch.v1.TenantUsageRequest.$Properties} message TenantUsageRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            TenantUsageRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.tenant_id != null && $Object.hasOwnProperty.call(message, "tenant_id") && message.tenant_id !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.tenant_id);
                if (message.from_unix_ms != null && $Object.hasOwnProperty.call(message, "from_unix_ms") && (typeof message.from_unix_ms === "object" ? message.from_unix_ms.low || message.from_unix_ms.high : message.from_unix_ms !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.from_unix_ms);
                if (message.to_unix_ms != null && $Object.hasOwnProperty.call(message, "to_unix_ms") && (typeof message.to_unix_ms === "object" ? message.to_unix_ms.low || message.to_unix_ms.high : message.to_unix_ms !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).int64(message.to_unix_ms);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a TenantUsageRequest message from the specified reader or buffer.
             * @function decode
             * @memberof gpuwatch.v1.TenantUsageRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gpuwatch.v1.TenantUsageRequest & gpuwatch.v1.TenantUsageRequest.$Shape} TenantUsageRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            TenantUsageRequest.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gpuwatch.v1.TenantUsageRequest();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.tenant_id = value;
                            else
                                delete message.tenant_id;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.from_unix_ms = value;
                            else
                                delete message.from_unix_ms;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.to_unix_ms = value;
                            else
                                delete message.to_unix_ms;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a TenantUsageRequest message.
             * @function verify
             * @memberof gpuwatch.v1.TenantUsageRequest
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            TenantUsageRequest.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.tenant_id != null && $Object.hasOwnProperty.call(message, "tenant_id"))
                    if (!$util.isString(message.tenant_id))
                        return "tenant_id: string expected";
                if (message.from_unix_ms != null && $Object.hasOwnProperty.call(message, "from_unix_ms"))
                    if (!$util.isInteger(message.from_unix_ms) && !(message.from_unix_ms && $util.isInteger(message.from_unix_ms.low) && $util.isInteger(message.from_unix_ms.high)))
                        return "from_unix_ms: integer|Long expected";
                if (message.to_unix_ms != null && $Object.hasOwnProperty.call(message, "to_unix_ms"))
                    if (!$util.isInteger(message.to_unix_ms) && !(message.to_unix_ms && $util.isInteger(message.to_unix_ms.low) && $util.isInteger(message.to_unix_ms.high)))
                        return "to_unix_ms: integer|Long expected";
                return null;
            };

            /**
             * Creates a TenantUsageRequest message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof gpuwatch.v1.TenantUsageRequest
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {gpuwatch.v1.TenantUsageRequest} TenantUsageRequest
             */
            TenantUsageRequest.fromObject = function (object, _depth) {
                if (object instanceof $root.gpuwatch.v1.TenantUsageRequest)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".gpuwatch.v1.TenantUsageRequest: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.gpuwatch.v1.TenantUsageRequest();
                if (object.tenant_id != null)
                    if (typeof object.tenant_id !== "string" || object.tenant_id.length)
                        message.tenant_id = $String(object.tenant_id);
                if (object.from_unix_ms != null)
                    if (typeof object.from_unix_ms === "object" ? object.from_unix_ms.low || object.from_unix_ms.high : $Number(object.from_unix_ms) !== 0)
                        if ($util.Long)
                            message.from_unix_ms = $util.Long.fromValue(object.from_unix_ms, false);
                        else if (typeof object.from_unix_ms === "string")
                            message.from_unix_ms = $parseInt(object.from_unix_ms, 10);
                        else if (typeof object.from_unix_ms === "number")
                            message.from_unix_ms = object.from_unix_ms;
                        else if (typeof object.from_unix_ms === "object")
                            message.from_unix_ms = new $util.LongBits(object.from_unix_ms.low >>> 0, object.from_unix_ms.high >>> 0).toNumber();
                if (object.to_unix_ms != null)
                    if (typeof object.to_unix_ms === "object" ? object.to_unix_ms.low || object.to_unix_ms.high : $Number(object.to_unix_ms) !== 0)
                        if ($util.Long)
                            message.to_unix_ms = $util.Long.fromValue(object.to_unix_ms, false);
                        else if (typeof object.to_unix_ms === "string")
                            message.to_unix_ms = $parseInt(object.to_unix_ms, 10);
                        else if (typeof object.to_unix_ms === "number")
                            message.to_unix_ms = object.to_unix_ms;
                        else if (typeof object.to_unix_ms === "object")
                            message.to_unix_ms = new $util.LongBits(object.to_unix_ms.low >>> 0, object.to_unix_ms.high >>> 0).toNumber();
                return message;
            };

            /**
             * Creates a plain object from a TenantUsageRequest message. Also converts values to other types if specified.
             * @function toObject
             * @memberof gpuwatch.v1.TenantUsageRequest
             * @static
             * @param {gpuwatch.v1.TenantUsageRequest} message TenantUsageRequest
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            TenantUsageRequest.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.tenant_id = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.from_unix_ms = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.from_unix_ms = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.to_unix_ms = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.to_unix_ms = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.tenant_id != null && $Object.hasOwnProperty.call(message, "tenant_id"))
                    object.tenant_id = message.tenant_id;
                if (message.from_unix_ms != null && $Object.hasOwnProperty.call(message, "from_unix_ms"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.from_unix_ms = typeof message.from_unix_ms === "number" ? $BigInt(message.from_unix_ms) : $util.Long.fromBits(message.from_unix_ms.low >>> 0, message.from_unix_ms.high >>> 0, false).toBigInt();
                    else if (typeof message.from_unix_ms === "number")
                        object.from_unix_ms = options.longs === $String ? $String(message.from_unix_ms) : message.from_unix_ms;
                    else
                        object.from_unix_ms = options.longs === $String ? $util.Long.prototype.toString.call(message.from_unix_ms) : options.longs === $Number ? new $util.LongBits(message.from_unix_ms.low >>> 0, message.from_unix_ms.high >>> 0).toNumber() : message.from_unix_ms;
                if (message.to_unix_ms != null && $Object.hasOwnProperty.call(message, "to_unix_ms"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.to_unix_ms = typeof message.to_unix_ms === "number" ? $BigInt(message.to_unix_ms) : $util.Long.fromBits(message.to_unix_ms.low >>> 0, message.to_unix_ms.high >>> 0, false).toBigInt();
                    else if (typeof message.to_unix_ms === "number")
                        object.to_unix_ms = options.longs === $String ? $String(message.to_unix_ms) : message.to_unix_ms;
                    else
                        object.to_unix_ms = options.longs === $String ? $util.Long.prototype.toString.call(message.to_unix_ms) : options.longs === $Number ? new $util.LongBits(message.to_unix_ms.low >>> 0, message.to_unix_ms.high >>> 0).toNumber() : message.to_unix_ms;
                return object;
            };

            /**
             * Converts this TenantUsageRequest to JSON.
             * @function toJSON
             * @memberof gpuwatch.v1.TenantUsageRequest
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            TenantUsageRequest.prototype.toJSON = function() {
                return TenantUsageRequest.toObject(this, $protobuf.util.toJSONOptions);
            };

            return TenantUsageRequest;
        })();

        v1.TenantUsageResponse = (function() {

            /**
             * Properties of a TenantUsageResponse.
             * @typedef {Object} gpuwatch.v1.TenantUsageResponse.$Properties
             * @property {string|null} [tenant_id] TenantUsageResponse tenant_id
             * @property {number|null} [total_gpu_seconds] TenantUsageResponse total_gpu_seconds
             * @property {Array.<gpuwatch.v1.UsageRow.$Properties>|null} [rows] TenantUsageResponse rows
             * @property {number|null} [effective_from_unix_ms] TenantUsageResponse effective_from_unix_ms
             * @property {number|null} [effective_to_unix_ms] TenantUsageResponse effective_to_unix_ms
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a TenantUsageResponse.
             * @memberof gpuwatch.v1
             * @interface ITenantUsageResponse
             * @augments gpuwatch.v1.TenantUsageResponse.$Properties
             * @deprecated Use gpuwatch.v1.TenantUsageResponse.$Properties instead.
             */

            /**
             * Shape of a TenantUsageResponse.
             * @typedef {gpuwatch.v1.TenantUsageResponse.$Properties} gpuwatch.v1.TenantUsageResponse.$Shape
             */

            /**
             * Constructs a new TenantUsageResponse.
             * @memberof gpuwatch.v1
             * @classdesc Represents a TenantUsageResponse.
             * @constructor
             * @param {gpuwatch.v1.TenantUsageResponse.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const TenantUsageResponse = function (properties) {
                this.rows = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * TenantUsageResponse tenant_id.
             * @member {string} tenant_id
             * @memberof gpuwatch.v1.TenantUsageResponse
             * @instance
             */
            TenantUsageResponse.prototype.tenant_id = "";

            /**
             * TenantUsageResponse total_gpu_seconds.
             * @member {number} total_gpu_seconds
             * @memberof gpuwatch.v1.TenantUsageResponse
             * @instance
             */
            TenantUsageResponse.prototype.total_gpu_seconds = 0;

            /**
             * TenantUsageResponse rows.
             * @member {Array.<gpuwatch.v1.UsageRow.$Properties>} rows
             * @memberof gpuwatch.v1.TenantUsageResponse
             * @instance
             */
            TenantUsageResponse.prototype.rows = $util.emptyArray;

            /**
             * TenantUsageResponse effective_from_unix_ms.
             * @member {number} effective_from_unix_ms
             * @memberof gpuwatch.v1.TenantUsageResponse
             * @instance
             */
            TenantUsageResponse.prototype.effective_from_unix_ms = 0;

            /**
             * TenantUsageResponse effective_to_unix_ms.
             * @member {number} effective_to_unix_ms
             * @memberof gpuwatch.v1.TenantUsageResponse
             * @instance
             */
            TenantUsageResponse.prototype.effective_to_unix_ms = 0;

            /**
             * Encodes the specified TenantUsageResponse message. Does not implicitly {@link gpuwatch.v1.TenantUsageResponse.verify|verify} messages.
             * @function encode
             * @memberof gpuwatch.v1.TenantUsageResponse
             * @static
             * @param {gpuwatch.v1.TenantUsageResponse.$Properties} message TenantUsageResponse message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            TenantUsageResponse.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.tenant_id != null && $Object.hasOwnProperty.call(message, "tenant_id") && message.tenant_id !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.tenant_id);
                if (message.total_gpu_seconds != null && $Object.hasOwnProperty.call(message, "total_gpu_seconds") && !$Object.is(message.total_gpu_seconds, 0))
                    writer.uint32(/* id 2, wireType 1 =*/17).double(message.total_gpu_seconds);
                if (message.rows != null && message.rows.length)
                    for (let i = 0; i < message.rows.length; ++i)
                        $root.gpuwatch.v1.UsageRow.encode(message.rows[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.effective_from_unix_ms != null && $Object.hasOwnProperty.call(message, "effective_from_unix_ms") && (typeof message.effective_from_unix_ms === "object" ? message.effective_from_unix_ms.low || message.effective_from_unix_ms.high : message.effective_from_unix_ms !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.effective_from_unix_ms);
                if (message.effective_to_unix_ms != null && $Object.hasOwnProperty.call(message, "effective_to_unix_ms") && (typeof message.effective_to_unix_ms === "object" ? message.effective_to_unix_ms.low || message.effective_to_unix_ms.high : message.effective_to_unix_ms !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).int64(message.effective_to_unix_ms);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a TenantUsageResponse message from the specified reader or buffer.
             * @function decode
             * @memberof gpuwatch.v1.TenantUsageResponse
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gpuwatch.v1.TenantUsageResponse & gpuwatch.v1.TenantUsageResponse.$Shape} TenantUsageResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            TenantUsageResponse.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gpuwatch.v1.TenantUsageResponse();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.tenant_id = value;
                            else
                                delete message.tenant_id;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.total_gpu_seconds = value;
                            else
                                delete message.total_gpu_seconds;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.rows && message.rows.length))
                                message.rows = [];
                            message.rows.push($root.gpuwatch.v1.UsageRow.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.effective_from_unix_ms = value;
                            else
                                delete message.effective_from_unix_ms;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.effective_to_unix_ms = value;
                            else
                                delete message.effective_to_unix_ms;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a TenantUsageResponse message.
             * @function verify
             * @memberof gpuwatch.v1.TenantUsageResponse
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            TenantUsageResponse.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.tenant_id != null && $Object.hasOwnProperty.call(message, "tenant_id"))
                    if (!$util.isString(message.tenant_id))
                        return "tenant_id: string expected";
                if (message.total_gpu_seconds != null && $Object.hasOwnProperty.call(message, "total_gpu_seconds"))
                    if (typeof message.total_gpu_seconds !== "number")
                        return "total_gpu_seconds: number expected";
                if (message.rows != null && $Object.hasOwnProperty.call(message, "rows")) {
                    if (!$Array.isArray(message.rows))
                        return "rows: array expected";
                    for (let i = 0; i < message.rows.length; ++i) {
                        let error = $root.gpuwatch.v1.UsageRow.verify(message.rows[i], _depth + 1);
                        if (error)
                            return "rows." + error;
                    }
                }
                if (message.effective_from_unix_ms != null && $Object.hasOwnProperty.call(message, "effective_from_unix_ms"))
                    if (!$util.isInteger(message.effective_from_unix_ms) && !(message.effective_from_unix_ms && $util.isInteger(message.effective_from_unix_ms.low) && $util.isInteger(message.effective_from_unix_ms.high)))
                        return "effective_from_unix_ms: integer|Long expected";
                if (message.effective_to_unix_ms != null && $Object.hasOwnProperty.call(message, "effective_to_unix_ms"))
                    if (!$util.isInteger(message.effective_to_unix_ms) && !(message.effective_to_unix_ms && $util.isInteger(message.effective_to_unix_ms.low) && $util.isInteger(message.effective_to_unix_ms.high)))
                        return "effective_to_unix_ms: integer|Long expected";
                return null;
            };

            /**
             * Creates a TenantUsageResponse message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof gpuwatch.v1.TenantUsageResponse
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {gpuwatch.v1.TenantUsageResponse} TenantUsageResponse
             */
            TenantUsageResponse.fromObject = function (object, _depth) {
                if (object instanceof $root.gpuwatch.v1.TenantUsageResponse)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".gpuwatch.v1.TenantUsageResponse: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.gpuwatch.v1.TenantUsageResponse();
                if (object.tenant_id != null)
                    if (typeof object.tenant_id !== "string" || object.tenant_id.length)
                        message.tenant_id = $String(object.tenant_id);
                if (object.total_gpu_seconds != null)
                    if (!$Object.is($Number(object.total_gpu_seconds), 0))
                        message.total_gpu_seconds = $Number(object.total_gpu_seconds);
                if (object.rows) {
                    if (!$Array.isArray(object.rows))
                        throw $TypeError(".gpuwatch.v1.TenantUsageResponse.rows: array expected");
                    message.rows = $Array(object.rows.length);
                    for (let i = 0; i < object.rows.length; ++i) {
                        if (!$util.isObject(object.rows[i]))
                            throw $TypeError(".gpuwatch.v1.TenantUsageResponse.rows: object expected");
                        message.rows[i] = $root.gpuwatch.v1.UsageRow.fromObject(object.rows[i], _depth + 1);
                    }
                }
                if (object.effective_from_unix_ms != null)
                    if (typeof object.effective_from_unix_ms === "object" ? object.effective_from_unix_ms.low || object.effective_from_unix_ms.high : $Number(object.effective_from_unix_ms) !== 0)
                        if ($util.Long)
                            message.effective_from_unix_ms = $util.Long.fromValue(object.effective_from_unix_ms, false);
                        else if (typeof object.effective_from_unix_ms === "string")
                            message.effective_from_unix_ms = $parseInt(object.effective_from_unix_ms, 10);
                        else if (typeof object.effective_from_unix_ms === "number")
                            message.effective_from_unix_ms = object.effective_from_unix_ms;
                        else if (typeof object.effective_from_unix_ms === "object")
                            message.effective_from_unix_ms = new $util.LongBits(object.effective_from_unix_ms.low >>> 0, object.effective_from_unix_ms.high >>> 0).toNumber();
                if (object.effective_to_unix_ms != null)
                    if (typeof object.effective_to_unix_ms === "object" ? object.effective_to_unix_ms.low || object.effective_to_unix_ms.high : $Number(object.effective_to_unix_ms) !== 0)
                        if ($util.Long)
                            message.effective_to_unix_ms = $util.Long.fromValue(object.effective_to_unix_ms, false);
                        else if (typeof object.effective_to_unix_ms === "string")
                            message.effective_to_unix_ms = $parseInt(object.effective_to_unix_ms, 10);
                        else if (typeof object.effective_to_unix_ms === "number")
                            message.effective_to_unix_ms = object.effective_to_unix_ms;
                        else if (typeof object.effective_to_unix_ms === "object")
                            message.effective_to_unix_ms = new $util.LongBits(object.effective_to_unix_ms.low >>> 0, object.effective_to_unix_ms.high >>> 0).toNumber();
                return message;
            };

            /**
             * Creates a plain object from a TenantUsageResponse message. Also converts values to other types if specified.
             * @function toObject
             * @memberof gpuwatch.v1.TenantUsageResponse
             * @static
             * @param {gpuwatch.v1.TenantUsageResponse} message TenantUsageResponse
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            TenantUsageResponse.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.rows = [];
                if (options.defaults) {
                    object.tenant_id = "";
                    object.total_gpu_seconds = 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.effective_from_unix_ms = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.effective_from_unix_ms = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.effective_to_unix_ms = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.effective_to_unix_ms = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.tenant_id != null && $Object.hasOwnProperty.call(message, "tenant_id"))
                    object.tenant_id = message.tenant_id;
                if (message.total_gpu_seconds != null && $Object.hasOwnProperty.call(message, "total_gpu_seconds"))
                    object.total_gpu_seconds = options.json && !$isFinite(message.total_gpu_seconds) ? $String(message.total_gpu_seconds) : message.total_gpu_seconds;
                if (message.rows && message.rows.length) {
                    object.rows = $Array(message.rows.length);
                    for (let j = 0; j < message.rows.length; ++j)
                        object.rows[j] = $root.gpuwatch.v1.UsageRow.toObject(message.rows[j], options, _depth + 1);
                }
                if (message.effective_from_unix_ms != null && $Object.hasOwnProperty.call(message, "effective_from_unix_ms"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.effective_from_unix_ms = typeof message.effective_from_unix_ms === "number" ? $BigInt(message.effective_from_unix_ms) : $util.Long.fromBits(message.effective_from_unix_ms.low >>> 0, message.effective_from_unix_ms.high >>> 0, false).toBigInt();
                    else if (typeof message.effective_from_unix_ms === "number")
                        object.effective_from_unix_ms = options.longs === $String ? $String(message.effective_from_unix_ms) : message.effective_from_unix_ms;
                    else
                        object.effective_from_unix_ms = options.longs === $String ? $util.Long.prototype.toString.call(message.effective_from_unix_ms) : options.longs === $Number ? new $util.LongBits(message.effective_from_unix_ms.low >>> 0, message.effective_from_unix_ms.high >>> 0).toNumber() : message.effective_from_unix_ms;
                if (message.effective_to_unix_ms != null && $Object.hasOwnProperty.call(message, "effective_to_unix_ms"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.effective_to_unix_ms = typeof message.effective_to_unix_ms === "number" ? $BigInt(message.effective_to_unix_ms) : $util.Long.fromBits(message.effective_to_unix_ms.low >>> 0, message.effective_to_unix_ms.high >>> 0, false).toBigInt();
                    else if (typeof message.effective_to_unix_ms === "number")
                        object.effective_to_unix_ms = options.longs === $String ? $String(message.effective_to_unix_ms) : message.effective_to_unix_ms;
                    else
                        object.effective_to_unix_ms = options.longs === $String ? $util.Long.prototype.toString.call(message.effective_to_unix_ms) : options.longs === $Number ? new $util.LongBits(message.effective_to_unix_ms.low >>> 0, message.effective_to_unix_ms.high >>> 0).toNumber() : message.effective_to_unix_ms;
                return object;
            };

            /**
             * Converts this TenantUsageResponse to JSON.
             * @function toJSON
             * @memberof gpuwatch.v1.TenantUsageResponse
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            TenantUsageResponse.prototype.toJSON = function() {
                return TenantUsageResponse.toObject(this, $protobuf.util.toJSONOptions);
            };

            return TenantUsageResponse;
        })();

        v1.UsageRow = (function() {

            /**
             * Properties of a UsageRow.
             * @typedef {Object} gpuwatch.v1.UsageRow.$Properties
             * @property {string|null} [day] UsageRow day
             * @property {string|null} [chip_model] UsageRow chip_model
             * @property {string|null} [control_class] UsageRow control_class
             * @property {number|null} [gpu_seconds] UsageRow gpu_seconds
             * @property {number|null} [h100e_seconds] UsageRow h100e_seconds
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a UsageRow.
             * @memberof gpuwatch.v1
             * @interface IUsageRow
             * @augments gpuwatch.v1.UsageRow.$Properties
             * @deprecated Use gpuwatch.v1.UsageRow.$Properties instead.
             */

            /**
             * Shape of a UsageRow.
             * @typedef {gpuwatch.v1.UsageRow.$Properties} gpuwatch.v1.UsageRow.$Shape
             */

            /**
             * Constructs a new UsageRow.
             * @memberof gpuwatch.v1
             * @classdesc Represents a UsageRow.
             * @constructor
             * @param {gpuwatch.v1.UsageRow.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const UsageRow = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * UsageRow day.
             * @member {string} day
             * @memberof gpuwatch.v1.UsageRow
             * @instance
             */
            UsageRow.prototype.day = "";

            /**
             * UsageRow chip_model.
             * @member {string} chip_model
             * @memberof gpuwatch.v1.UsageRow
             * @instance
             */
            UsageRow.prototype.chip_model = "";

            /**
             * UsageRow control_class.
             * @member {string} control_class
             * @memberof gpuwatch.v1.UsageRow
             * @instance
             */
            UsageRow.prototype.control_class = "";

            /**
             * UsageRow gpu_seconds.
             * @member {number} gpu_seconds
             * @memberof gpuwatch.v1.UsageRow
             * @instance
             */
            UsageRow.prototype.gpu_seconds = 0;

            /**
             * UsageRow h100e_seconds.
             * @member {number} h100e_seconds
             * @memberof gpuwatch.v1.UsageRow
             * @instance
             */
            UsageRow.prototype.h100e_seconds = 0;

            /**
             * Encodes the specified UsageRow message. Does not implicitly {@link gpuwatch.v1.UsageRow.verify|verify} messages.
             * @function encode
             * @memberof gpuwatch.v1.UsageRow
             * @static
             * @param {gpuwatch.v1.UsageRow.$Properties} message UsageRow message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            UsageRow.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.day != null && $Object.hasOwnProperty.call(message, "day") && message.day !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.day);
                if (message.chip_model != null && $Object.hasOwnProperty.call(message, "chip_model") && message.chip_model !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.chip_model);
                if (message.control_class != null && $Object.hasOwnProperty.call(message, "control_class") && message.control_class !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.control_class);
                if (message.gpu_seconds != null && $Object.hasOwnProperty.call(message, "gpu_seconds") && !$Object.is(message.gpu_seconds, 0))
                    writer.uint32(/* id 4, wireType 1 =*/33).double(message.gpu_seconds);
                if (message.h100e_seconds != null && $Object.hasOwnProperty.call(message, "h100e_seconds") && !$Object.is(message.h100e_seconds, 0))
                    writer.uint32(/* id 5, wireType 1 =*/41).double(message.h100e_seconds);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a UsageRow message from the specified reader or buffer.
             * @function decode
             * @memberof gpuwatch.v1.UsageRow
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gpuwatch.v1.UsageRow & gpuwatch.v1.UsageRow.$Shape} UsageRow
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            UsageRow.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gpuwatch.v1.UsageRow();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.day = value;
                            else
                                delete message.day;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.chip_model = value;
                            else
                                delete message.chip_model;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.control_class = value;
                            else
                                delete message.control_class;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.gpu_seconds = value;
                            else
                                delete message.gpu_seconds;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.h100e_seconds = value;
                            else
                                delete message.h100e_seconds;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a UsageRow message.
             * @function verify
             * @memberof gpuwatch.v1.UsageRow
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            UsageRow.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.day != null && $Object.hasOwnProperty.call(message, "day"))
                    if (!$util.isString(message.day))
                        return "day: string expected";
                if (message.chip_model != null && $Object.hasOwnProperty.call(message, "chip_model"))
                    if (!$util.isString(message.chip_model))
                        return "chip_model: string expected";
                if (message.control_class != null && $Object.hasOwnProperty.call(message, "control_class"))
                    if (!$util.isString(message.control_class))
                        return "control_class: string expected";
                if (message.gpu_seconds != null && $Object.hasOwnProperty.call(message, "gpu_seconds"))
                    if (typeof message.gpu_seconds !== "number")
                        return "gpu_seconds: number expected";
                if (message.h100e_seconds != null && $Object.hasOwnProperty.call(message, "h100e_seconds"))
                    if (typeof message.h100e_seconds !== "number")
                        return "h100e_seconds: number expected";
                return null;
            };

            /**
             * Creates a UsageRow message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof gpuwatch.v1.UsageRow
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {gpuwatch.v1.UsageRow} UsageRow
             */
            UsageRow.fromObject = function (object, _depth) {
                if (object instanceof $root.gpuwatch.v1.UsageRow)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".gpuwatch.v1.UsageRow: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.gpuwatch.v1.UsageRow();
                if (object.day != null)
                    if (typeof object.day !== "string" || object.day.length)
                        message.day = $String(object.day);
                if (object.chip_model != null)
                    if (typeof object.chip_model !== "string" || object.chip_model.length)
                        message.chip_model = $String(object.chip_model);
                if (object.control_class != null)
                    if (typeof object.control_class !== "string" || object.control_class.length)
                        message.control_class = $String(object.control_class);
                if (object.gpu_seconds != null)
                    if (!$Object.is($Number(object.gpu_seconds), 0))
                        message.gpu_seconds = $Number(object.gpu_seconds);
                if (object.h100e_seconds != null)
                    if (!$Object.is($Number(object.h100e_seconds), 0))
                        message.h100e_seconds = $Number(object.h100e_seconds);
                return message;
            };

            /**
             * Creates a plain object from a UsageRow message. Also converts values to other types if specified.
             * @function toObject
             * @memberof gpuwatch.v1.UsageRow
             * @static
             * @param {gpuwatch.v1.UsageRow} message UsageRow
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            UsageRow.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.day = "";
                    object.chip_model = "";
                    object.control_class = "";
                    object.gpu_seconds = 0;
                    object.h100e_seconds = 0;
                }
                if (message.day != null && $Object.hasOwnProperty.call(message, "day"))
                    object.day = message.day;
                if (message.chip_model != null && $Object.hasOwnProperty.call(message, "chip_model"))
                    object.chip_model = message.chip_model;
                if (message.control_class != null && $Object.hasOwnProperty.call(message, "control_class"))
                    object.control_class = message.control_class;
                if (message.gpu_seconds != null && $Object.hasOwnProperty.call(message, "gpu_seconds"))
                    object.gpu_seconds = options.json && !$isFinite(message.gpu_seconds) ? $String(message.gpu_seconds) : message.gpu_seconds;
                if (message.h100e_seconds != null && $Object.hasOwnProperty.call(message, "h100e_seconds"))
                    object.h100e_seconds = options.json && !$isFinite(message.h100e_seconds) ? $String(message.h100e_seconds) : message.h100e_seconds;
                return object;
            };

            /**
             * Converts this UsageRow to JSON.
             * @function toJSON
             * @memberof gpuwatch.v1.UsageRow
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            UsageRow.prototype.toJSON = function() {
                return UsageRow.toObject(this, $protobuf.util.toJSONOptions);
            };

            return UsageRow;
        })();

        v1.ListAlertsRequest = (function() {

            /**
             * Properties of a ListAlertsRequest.
             * @typedef {Object} gpuwatch.v1.ListAlertsRequest.$Properties
             * @property {string|null} [state] ListAlertsRequest state
             * @property {string|null} [rule] ListAlertsRequest rule
             * @property {number|null} [limit] ListAlertsRequest limit
             * @property {string|null} [page_token] ListAlertsRequest page_token
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ListAlertsRequest.
             * @memberof gpuwatch.v1
             * @interface IListAlertsRequest
             * @augments gpuwatch.v1.ListAlertsRequest.$Properties
             * @deprecated Use gpuwatch.v1.ListAlertsRequest.$Properties instead.
             */

            /**
             * Shape of a ListAlertsRequest.
             * @typedef {gpuwatch.v1.ListAlertsRequest.$Properties} gpuwatch.v1.ListAlertsRequest.$Shape
             */

            /**
             * Constructs a new ListAlertsRequest.
             * @memberof gpuwatch.v1
             * @classdesc Represents a ListAlertsRequest.
             * @constructor
             * @param {gpuwatch.v1.ListAlertsRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ListAlertsRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ListAlertsRequest state.
             * @member {string} state
             * @memberof gpuwatch.v1.ListAlertsRequest
             * @instance
             */
            ListAlertsRequest.prototype.state = "";

            /**
             * ListAlertsRequest rule.
             * @member {string} rule
             * @memberof gpuwatch.v1.ListAlertsRequest
             * @instance
             */
            ListAlertsRequest.prototype.rule = "";

            /**
             * ListAlertsRequest limit.
             * @member {number} limit
             * @memberof gpuwatch.v1.ListAlertsRequest
             * @instance
             */
            ListAlertsRequest.prototype.limit = 0;

            /**
             * ListAlertsRequest page_token.
             * @member {string} page_token
             * @memberof gpuwatch.v1.ListAlertsRequest
             * @instance
             */
            ListAlertsRequest.prototype.page_token = "";

            /**
             * Encodes the specified ListAlertsRequest message. Does not implicitly {@link gpuwatch.v1.ListAlertsRequest.verify|verify} messages.
             * @function encode
             * @memberof gpuwatch.v1.ListAlertsRequest
             * @static
             * @param {gpuwatch.v1.ListAlertsRequest.$Properties} message ListAlertsRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ListAlertsRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.state != null && $Object.hasOwnProperty.call(message, "state") && message.state !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.state);
                if (message.rule != null && $Object.hasOwnProperty.call(message, "rule") && message.rule !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.rule);
                if (message.limit != null && $Object.hasOwnProperty.call(message, "limit") && message.limit !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.limit);
                if (message.page_token != null && $Object.hasOwnProperty.call(message, "page_token") && message.page_token !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.page_token);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ListAlertsRequest message from the specified reader or buffer.
             * @function decode
             * @memberof gpuwatch.v1.ListAlertsRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gpuwatch.v1.ListAlertsRequest & gpuwatch.v1.ListAlertsRequest.$Shape} ListAlertsRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ListAlertsRequest.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gpuwatch.v1.ListAlertsRequest();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.state = value;
                            else
                                delete message.state;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.rule = value;
                            else
                                delete message.rule;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.limit = value;
                            else
                                delete message.limit;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.page_token = value;
                            else
                                delete message.page_token;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a ListAlertsRequest message.
             * @function verify
             * @memberof gpuwatch.v1.ListAlertsRequest
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            ListAlertsRequest.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.state != null && $Object.hasOwnProperty.call(message, "state"))
                    if (!$util.isString(message.state))
                        return "state: string expected";
                if (message.rule != null && $Object.hasOwnProperty.call(message, "rule"))
                    if (!$util.isString(message.rule))
                        return "rule: string expected";
                if (message.limit != null && $Object.hasOwnProperty.call(message, "limit"))
                    if (!$util.isInteger(message.limit))
                        return "limit: integer expected";
                if (message.page_token != null && $Object.hasOwnProperty.call(message, "page_token"))
                    if (!$util.isString(message.page_token))
                        return "page_token: string expected";
                return null;
            };

            /**
             * Creates a ListAlertsRequest message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof gpuwatch.v1.ListAlertsRequest
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {gpuwatch.v1.ListAlertsRequest} ListAlertsRequest
             */
            ListAlertsRequest.fromObject = function (object, _depth) {
                if (object instanceof $root.gpuwatch.v1.ListAlertsRequest)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".gpuwatch.v1.ListAlertsRequest: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.gpuwatch.v1.ListAlertsRequest();
                if (object.state != null)
                    if (typeof object.state !== "string" || object.state.length)
                        message.state = $String(object.state);
                if (object.rule != null)
                    if (typeof object.rule !== "string" || object.rule.length)
                        message.rule = $String(object.rule);
                if (object.limit != null)
                    if ($Number(object.limit) !== 0)
                        message.limit = object.limit >>> 0;
                if (object.page_token != null)
                    if (typeof object.page_token !== "string" || object.page_token.length)
                        message.page_token = $String(object.page_token);
                return message;
            };

            /**
             * Creates a plain object from a ListAlertsRequest message. Also converts values to other types if specified.
             * @function toObject
             * @memberof gpuwatch.v1.ListAlertsRequest
             * @static
             * @param {gpuwatch.v1.ListAlertsRequest} message ListAlertsRequest
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ListAlertsRequest.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.state = "";
                    object.rule = "";
                    object.limit = 0;
                    object.page_token = "";
                }
                if (message.state != null && $Object.hasOwnProperty.call(message, "state"))
                    object.state = message.state;
                if (message.rule != null && $Object.hasOwnProperty.call(message, "rule"))
                    object.rule = message.rule;
                if (message.limit != null && $Object.hasOwnProperty.call(message, "limit"))
                    object.limit = message.limit;
                if (message.page_token != null && $Object.hasOwnProperty.call(message, "page_token"))
                    object.page_token = message.page_token;
                return object;
            };

            /**
             * Converts this ListAlertsRequest to JSON.
             * @function toJSON
             * @memberof gpuwatch.v1.ListAlertsRequest
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ListAlertsRequest.prototype.toJSON = function() {
                return ListAlertsRequest.toObject(this, $protobuf.util.toJSONOptions);
            };

            return ListAlertsRequest;
        })();

        v1.ListAlertsResponse = (function() {

            /**
             * Properties of a ListAlertsResponse.
             * @typedef {Object} gpuwatch.v1.ListAlertsResponse.$Properties
             * @property {Array.<gpuwatch.v1.Alert.$Properties>|null} [alerts] ListAlertsResponse alerts
             * @property {string|null} [next_page_token] ListAlertsResponse next_page_token
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ListAlertsResponse.
             * @memberof gpuwatch.v1
             * @interface IListAlertsResponse
             * @augments gpuwatch.v1.ListAlertsResponse.$Properties
             * @deprecated Use gpuwatch.v1.ListAlertsResponse.$Properties instead.
             */

            /**
             * Shape of a ListAlertsResponse.
             * @typedef {gpuwatch.v1.ListAlertsResponse.$Properties} gpuwatch.v1.ListAlertsResponse.$Shape
             */

            /**
             * Constructs a new ListAlertsResponse.
             * @memberof gpuwatch.v1
             * @classdesc Represents a ListAlertsResponse.
             * @constructor
             * @param {gpuwatch.v1.ListAlertsResponse.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ListAlertsResponse = function (properties) {
                this.alerts = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ListAlertsResponse alerts.
             * @member {Array.<gpuwatch.v1.Alert.$Properties>} alerts
             * @memberof gpuwatch.v1.ListAlertsResponse
             * @instance
             */
            ListAlertsResponse.prototype.alerts = $util.emptyArray;

            /**
             * ListAlertsResponse next_page_token.
             * @member {string} next_page_token
             * @memberof gpuwatch.v1.ListAlertsResponse
             * @instance
             */
            ListAlertsResponse.prototype.next_page_token = "";

            /**
             * Encodes the specified ListAlertsResponse message. Does not implicitly {@link gpuwatch.v1.ListAlertsResponse.verify|verify} messages.
             * @function encode
             * @memberof gpuwatch.v1.ListAlertsResponse
             * @static
             * @param {gpuwatch.v1.ListAlertsResponse.$Properties} message ListAlertsResponse message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ListAlertsResponse.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.alerts != null && message.alerts.length)
                    for (let i = 0; i < message.alerts.length; ++i)
                        $root.gpuwatch.v1.Alert.encode(message.alerts[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.next_page_token != null && $Object.hasOwnProperty.call(message, "next_page_token") && message.next_page_token !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.next_page_token);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ListAlertsResponse message from the specified reader or buffer.
             * @function decode
             * @memberof gpuwatch.v1.ListAlertsResponse
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gpuwatch.v1.ListAlertsResponse & gpuwatch.v1.ListAlertsResponse.$Shape} ListAlertsResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ListAlertsResponse.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gpuwatch.v1.ListAlertsResponse();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if (!(message.alerts && message.alerts.length))
                                message.alerts = [];
                            message.alerts.push($root.gpuwatch.v1.Alert.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.next_page_token = value;
                            else
                                delete message.next_page_token;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a ListAlertsResponse message.
             * @function verify
             * @memberof gpuwatch.v1.ListAlertsResponse
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            ListAlertsResponse.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.alerts != null && $Object.hasOwnProperty.call(message, "alerts")) {
                    if (!$Array.isArray(message.alerts))
                        return "alerts: array expected";
                    for (let i = 0; i < message.alerts.length; ++i) {
                        let error = $root.gpuwatch.v1.Alert.verify(message.alerts[i], _depth + 1);
                        if (error)
                            return "alerts." + error;
                    }
                }
                if (message.next_page_token != null && $Object.hasOwnProperty.call(message, "next_page_token"))
                    if (!$util.isString(message.next_page_token))
                        return "next_page_token: string expected";
                return null;
            };

            /**
             * Creates a ListAlertsResponse message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof gpuwatch.v1.ListAlertsResponse
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {gpuwatch.v1.ListAlertsResponse} ListAlertsResponse
             */
            ListAlertsResponse.fromObject = function (object, _depth) {
                if (object instanceof $root.gpuwatch.v1.ListAlertsResponse)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".gpuwatch.v1.ListAlertsResponse: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.gpuwatch.v1.ListAlertsResponse();
                if (object.alerts) {
                    if (!$Array.isArray(object.alerts))
                        throw $TypeError(".gpuwatch.v1.ListAlertsResponse.alerts: array expected");
                    message.alerts = $Array(object.alerts.length);
                    for (let i = 0; i < object.alerts.length; ++i) {
                        if (!$util.isObject(object.alerts[i]))
                            throw $TypeError(".gpuwatch.v1.ListAlertsResponse.alerts: object expected");
                        message.alerts[i] = $root.gpuwatch.v1.Alert.fromObject(object.alerts[i], _depth + 1);
                    }
                }
                if (object.next_page_token != null)
                    if (typeof object.next_page_token !== "string" || object.next_page_token.length)
                        message.next_page_token = $String(object.next_page_token);
                return message;
            };

            /**
             * Creates a plain object from a ListAlertsResponse message. Also converts values to other types if specified.
             * @function toObject
             * @memberof gpuwatch.v1.ListAlertsResponse
             * @static
             * @param {gpuwatch.v1.ListAlertsResponse} message ListAlertsResponse
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ListAlertsResponse.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.alerts = [];
                if (options.defaults)
                    object.next_page_token = "";
                if (message.alerts && message.alerts.length) {
                    object.alerts = $Array(message.alerts.length);
                    for (let j = 0; j < message.alerts.length; ++j)
                        object.alerts[j] = $root.gpuwatch.v1.Alert.toObject(message.alerts[j], options, _depth + 1);
                }
                if (message.next_page_token != null && $Object.hasOwnProperty.call(message, "next_page_token"))
                    object.next_page_token = message.next_page_token;
                return object;
            };

            /**
             * Converts this ListAlertsResponse to JSON.
             * @function toJSON
             * @memberof gpuwatch.v1.ListAlertsResponse
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ListAlertsResponse.prototype.toJSON = function() {
                return ListAlertsResponse.toObject(this, $protobuf.util.toJSONOptions);
            };

            return ListAlertsResponse;
        })();

        v1.Alert = (function() {

            /**
             * Properties of an Alert.
             * @typedef {Object} gpuwatch.v1.Alert.$Properties
             * @property {string|null} [alert_id] Alert alert_id
             * @property {string|null} [rule] Alert rule
             * @property {string|null} [severity] Alert severity
             * @property {number|null} [score] Alert score
             * @property {Array.<string>|null} [tenant_ids] Alert tenant_ids
             * @property {string|null} [anchor_tenant_id] Alert anchor_tenant_id
             * @property {string|null} [state] Alert state
             * @property {number|null} [first_seen_unix_ms] Alert first_seen_unix_ms
             * @property {number|null} [last_seen_unix_ms] Alert last_seen_unix_ms
             * @property {string|null} [policy_version] Alert policy_version
             * @property {string|null} [evidence_json] Alert evidence_json
             * @property {Array.<gpuwatch.v1.AlertEpisode.$Properties>|null} [episodes] Alert episodes
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Alert.
             * @memberof gpuwatch.v1
             * @interface IAlert
             * @augments gpuwatch.v1.Alert.$Properties
             * @deprecated Use gpuwatch.v1.Alert.$Properties instead.
             */

            /**
             * Shape of an Alert.
             * @typedef {gpuwatch.v1.Alert.$Properties} gpuwatch.v1.Alert.$Shape
             */

            /**
             * Constructs a new Alert.
             * @memberof gpuwatch.v1
             * @classdesc Represents an Alert.
             * @constructor
             * @param {gpuwatch.v1.Alert.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Alert = function (properties) {
                this.tenant_ids = [];
                this.episodes = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Alert alert_id.
             * @member {string} alert_id
             * @memberof gpuwatch.v1.Alert
             * @instance
             */
            Alert.prototype.alert_id = "";

            /**
             * Alert rule.
             * @member {string} rule
             * @memberof gpuwatch.v1.Alert
             * @instance
             */
            Alert.prototype.rule = "";

            /**
             * Alert severity.
             * @member {string} severity
             * @memberof gpuwatch.v1.Alert
             * @instance
             */
            Alert.prototype.severity = "";

            /**
             * Alert score.
             * @member {number} score
             * @memberof gpuwatch.v1.Alert
             * @instance
             */
            Alert.prototype.score = 0;

            /**
             * Alert tenant_ids.
             * @member {Array.<string>} tenant_ids
             * @memberof gpuwatch.v1.Alert
             * @instance
             */
            Alert.prototype.tenant_ids = $util.emptyArray;

            /**
             * Alert anchor_tenant_id.
             * @member {string} anchor_tenant_id
             * @memberof gpuwatch.v1.Alert
             * @instance
             */
            Alert.prototype.anchor_tenant_id = "";

            /**
             * Alert state.
             * @member {string} state
             * @memberof gpuwatch.v1.Alert
             * @instance
             */
            Alert.prototype.state = "";

            /**
             * Alert first_seen_unix_ms.
             * @member {number} first_seen_unix_ms
             * @memberof gpuwatch.v1.Alert
             * @instance
             */
            Alert.prototype.first_seen_unix_ms = 0;

            /**
             * Alert last_seen_unix_ms.
             * @member {number} last_seen_unix_ms
             * @memberof gpuwatch.v1.Alert
             * @instance
             */
            Alert.prototype.last_seen_unix_ms = 0;

            /**
             * Alert policy_version.
             * @member {string} policy_version
             * @memberof gpuwatch.v1.Alert
             * @instance
             */
            Alert.prototype.policy_version = "";

            /**
             * Alert evidence_json.
             * @member {string} evidence_json
             * @memberof gpuwatch.v1.Alert
             * @instance
             */
            Alert.prototype.evidence_json = "";

            /**
             * Alert episodes.
             * @member {Array.<gpuwatch.v1.AlertEpisode.$Properties>} episodes
             * @memberof gpuwatch.v1.Alert
             * @instance
             */
            Alert.prototype.episodes = $util.emptyArray;

            /**
             * Encodes the specified Alert message. Does not implicitly {@link gpuwatch.v1.Alert.verify|verify} messages.
             * @function encode
             * @memberof gpuwatch.v1.Alert
             * @static
             * @param {gpuwatch.v1.Alert.$Properties} message Alert message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Alert.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.alert_id != null && $Object.hasOwnProperty.call(message, "alert_id") && message.alert_id !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.alert_id);
                if (message.rule != null && $Object.hasOwnProperty.call(message, "rule") && message.rule !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.rule);
                if (message.severity != null && $Object.hasOwnProperty.call(message, "severity") && message.severity !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.severity);
                if (message.score != null && $Object.hasOwnProperty.call(message, "score") && !$Object.is(message.score, 0))
                    writer.uint32(/* id 4, wireType 1 =*/33).double(message.score);
                if (message.tenant_ids != null && message.tenant_ids.length)
                    for (let i = 0; i < message.tenant_ids.length; ++i)
                        writer.uint32(/* id 5, wireType 2 =*/42).string(message.tenant_ids[i]);
                if (message.anchor_tenant_id != null && $Object.hasOwnProperty.call(message, "anchor_tenant_id") && message.anchor_tenant_id !== "")
                    writer.uint32(/* id 6, wireType 2 =*/50).string(message.anchor_tenant_id);
                if (message.state != null && $Object.hasOwnProperty.call(message, "state") && message.state !== "")
                    writer.uint32(/* id 7, wireType 2 =*/58).string(message.state);
                if (message.first_seen_unix_ms != null && $Object.hasOwnProperty.call(message, "first_seen_unix_ms") && (typeof message.first_seen_unix_ms === "object" ? message.first_seen_unix_ms.low || message.first_seen_unix_ms.high : message.first_seen_unix_ms !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).int64(message.first_seen_unix_ms);
                if (message.last_seen_unix_ms != null && $Object.hasOwnProperty.call(message, "last_seen_unix_ms") && (typeof message.last_seen_unix_ms === "object" ? message.last_seen_unix_ms.low || message.last_seen_unix_ms.high : message.last_seen_unix_ms !== 0))
                    writer.uint32(/* id 9, wireType 0 =*/72).int64(message.last_seen_unix_ms);
                if (message.policy_version != null && $Object.hasOwnProperty.call(message, "policy_version") && message.policy_version !== "")
                    writer.uint32(/* id 10, wireType 2 =*/82).string(message.policy_version);
                if (message.evidence_json != null && $Object.hasOwnProperty.call(message, "evidence_json") && message.evidence_json !== "")
                    writer.uint32(/* id 11, wireType 2 =*/90).string(message.evidence_json);
                if (message.episodes != null && message.episodes.length)
                    for (let i = 0; i < message.episodes.length; ++i)
                        $root.gpuwatch.v1.AlertEpisode.encode(message.episodes[i], writer.uint32(/* id 12, wireType 2 =*/98).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Alert message from the specified reader or buffer.
             * @function decode
             * @memberof gpuwatch.v1.Alert
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gpuwatch.v1.Alert & gpuwatch.v1.Alert.$Shape} Alert
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Alert.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gpuwatch.v1.Alert();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.alert_id = value;
                            else
                                delete message.alert_id;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.rule = value;
                            else
                                delete message.rule;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.severity = value;
                            else
                                delete message.severity;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.score = value;
                            else
                                delete message.score;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if (!(message.tenant_ids && message.tenant_ids.length))
                                message.tenant_ids = [];
                            message.tenant_ids.push(reader.stringVerify());
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.anchor_tenant_id = value;
                            else
                                delete message.anchor_tenant_id;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.state = value;
                            else
                                delete message.state;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.first_seen_unix_ms = value;
                            else
                                delete message.first_seen_unix_ms;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.last_seen_unix_ms = value;
                            else
                                delete message.last_seen_unix_ms;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.policy_version = value;
                            else
                                delete message.policy_version;
                            continue;
                        }
                    case 11: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.evidence_json = value;
                            else
                                delete message.evidence_json;
                            continue;
                        }
                    case 12: {
                            if (wireType !== 2)
                                break;
                            if (!(message.episodes && message.episodes.length))
                                message.episodes = [];
                            message.episodes.push($root.gpuwatch.v1.AlertEpisode.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies an Alert message.
             * @function verify
             * @memberof gpuwatch.v1.Alert
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Alert.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.alert_id != null && $Object.hasOwnProperty.call(message, "alert_id"))
                    if (!$util.isString(message.alert_id))
                        return "alert_id: string expected";
                if (message.rule != null && $Object.hasOwnProperty.call(message, "rule"))
                    if (!$util.isString(message.rule))
                        return "rule: string expected";
                if (message.severity != null && $Object.hasOwnProperty.call(message, "severity"))
                    if (!$util.isString(message.severity))
                        return "severity: string expected";
                if (message.score != null && $Object.hasOwnProperty.call(message, "score"))
                    if (typeof message.score !== "number")
                        return "score: number expected";
                if (message.tenant_ids != null && $Object.hasOwnProperty.call(message, "tenant_ids")) {
                    if (!$Array.isArray(message.tenant_ids))
                        return "tenant_ids: array expected";
                    for (let i = 0; i < message.tenant_ids.length; ++i)
                        if (!$util.isString(message.tenant_ids[i]))
                            return "tenant_ids: string[] expected";
                }
                if (message.anchor_tenant_id != null && $Object.hasOwnProperty.call(message, "anchor_tenant_id"))
                    if (!$util.isString(message.anchor_tenant_id))
                        return "anchor_tenant_id: string expected";
                if (message.state != null && $Object.hasOwnProperty.call(message, "state"))
                    if (!$util.isString(message.state))
                        return "state: string expected";
                if (message.first_seen_unix_ms != null && $Object.hasOwnProperty.call(message, "first_seen_unix_ms"))
                    if (!$util.isInteger(message.first_seen_unix_ms) && !(message.first_seen_unix_ms && $util.isInteger(message.first_seen_unix_ms.low) && $util.isInteger(message.first_seen_unix_ms.high)))
                        return "first_seen_unix_ms: integer|Long expected";
                if (message.last_seen_unix_ms != null && $Object.hasOwnProperty.call(message, "last_seen_unix_ms"))
                    if (!$util.isInteger(message.last_seen_unix_ms) && !(message.last_seen_unix_ms && $util.isInteger(message.last_seen_unix_ms.low) && $util.isInteger(message.last_seen_unix_ms.high)))
                        return "last_seen_unix_ms: integer|Long expected";
                if (message.policy_version != null && $Object.hasOwnProperty.call(message, "policy_version"))
                    if (!$util.isString(message.policy_version))
                        return "policy_version: string expected";
                if (message.evidence_json != null && $Object.hasOwnProperty.call(message, "evidence_json"))
                    if (!$util.isString(message.evidence_json))
                        return "evidence_json: string expected";
                if (message.episodes != null && $Object.hasOwnProperty.call(message, "episodes")) {
                    if (!$Array.isArray(message.episodes))
                        return "episodes: array expected";
                    for (let i = 0; i < message.episodes.length; ++i) {
                        let error = $root.gpuwatch.v1.AlertEpisode.verify(message.episodes[i], _depth + 1);
                        if (error)
                            return "episodes." + error;
                    }
                }
                return null;
            };

            /**
             * Creates an Alert message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof gpuwatch.v1.Alert
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {gpuwatch.v1.Alert} Alert
             */
            Alert.fromObject = function (object, _depth) {
                if (object instanceof $root.gpuwatch.v1.Alert)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".gpuwatch.v1.Alert: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.gpuwatch.v1.Alert();
                if (object.alert_id != null)
                    if (typeof object.alert_id !== "string" || object.alert_id.length)
                        message.alert_id = $String(object.alert_id);
                if (object.rule != null)
                    if (typeof object.rule !== "string" || object.rule.length)
                        message.rule = $String(object.rule);
                if (object.severity != null)
                    if (typeof object.severity !== "string" || object.severity.length)
                        message.severity = $String(object.severity);
                if (object.score != null)
                    if (!$Object.is($Number(object.score), 0))
                        message.score = $Number(object.score);
                if (object.tenant_ids) {
                    if (!$Array.isArray(object.tenant_ids))
                        throw $TypeError(".gpuwatch.v1.Alert.tenant_ids: array expected");
                    message.tenant_ids = $Array(object.tenant_ids.length);
                    for (let i = 0; i < object.tenant_ids.length; ++i)
                        message.tenant_ids[i] = $String(object.tenant_ids[i]);
                }
                if (object.anchor_tenant_id != null)
                    if (typeof object.anchor_tenant_id !== "string" || object.anchor_tenant_id.length)
                        message.anchor_tenant_id = $String(object.anchor_tenant_id);
                if (object.state != null)
                    if (typeof object.state !== "string" || object.state.length)
                        message.state = $String(object.state);
                if (object.first_seen_unix_ms != null)
                    if (typeof object.first_seen_unix_ms === "object" ? object.first_seen_unix_ms.low || object.first_seen_unix_ms.high : $Number(object.first_seen_unix_ms) !== 0)
                        if ($util.Long)
                            message.first_seen_unix_ms = $util.Long.fromValue(object.first_seen_unix_ms, false);
                        else if (typeof object.first_seen_unix_ms === "string")
                            message.first_seen_unix_ms = $parseInt(object.first_seen_unix_ms, 10);
                        else if (typeof object.first_seen_unix_ms === "number")
                            message.first_seen_unix_ms = object.first_seen_unix_ms;
                        else if (typeof object.first_seen_unix_ms === "object")
                            message.first_seen_unix_ms = new $util.LongBits(object.first_seen_unix_ms.low >>> 0, object.first_seen_unix_ms.high >>> 0).toNumber();
                if (object.last_seen_unix_ms != null)
                    if (typeof object.last_seen_unix_ms === "object" ? object.last_seen_unix_ms.low || object.last_seen_unix_ms.high : $Number(object.last_seen_unix_ms) !== 0)
                        if ($util.Long)
                            message.last_seen_unix_ms = $util.Long.fromValue(object.last_seen_unix_ms, false);
                        else if (typeof object.last_seen_unix_ms === "string")
                            message.last_seen_unix_ms = $parseInt(object.last_seen_unix_ms, 10);
                        else if (typeof object.last_seen_unix_ms === "number")
                            message.last_seen_unix_ms = object.last_seen_unix_ms;
                        else if (typeof object.last_seen_unix_ms === "object")
                            message.last_seen_unix_ms = new $util.LongBits(object.last_seen_unix_ms.low >>> 0, object.last_seen_unix_ms.high >>> 0).toNumber();
                if (object.policy_version != null)
                    if (typeof object.policy_version !== "string" || object.policy_version.length)
                        message.policy_version = $String(object.policy_version);
                if (object.evidence_json != null)
                    if (typeof object.evidence_json !== "string" || object.evidence_json.length)
                        message.evidence_json = $String(object.evidence_json);
                if (object.episodes) {
                    if (!$Array.isArray(object.episodes))
                        throw $TypeError(".gpuwatch.v1.Alert.episodes: array expected");
                    message.episodes = $Array(object.episodes.length);
                    for (let i = 0; i < object.episodes.length; ++i) {
                        if (!$util.isObject(object.episodes[i]))
                            throw $TypeError(".gpuwatch.v1.Alert.episodes: object expected");
                        message.episodes[i] = $root.gpuwatch.v1.AlertEpisode.fromObject(object.episodes[i], _depth + 1);
                    }
                }
                return message;
            };

            /**
             * Creates a plain object from an Alert message. Also converts values to other types if specified.
             * @function toObject
             * @memberof gpuwatch.v1.Alert
             * @static
             * @param {gpuwatch.v1.Alert} message Alert
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Alert.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults) {
                    object.tenant_ids = [];
                    object.episodes = [];
                }
                if (options.defaults) {
                    object.alert_id = "";
                    object.rule = "";
                    object.severity = "";
                    object.score = 0;
                    object.anchor_tenant_id = "";
                    object.state = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.first_seen_unix_ms = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.first_seen_unix_ms = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.last_seen_unix_ms = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.last_seen_unix_ms = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.policy_version = "";
                    object.evidence_json = "";
                }
                if (message.alert_id != null && $Object.hasOwnProperty.call(message, "alert_id"))
                    object.alert_id = message.alert_id;
                if (message.rule != null && $Object.hasOwnProperty.call(message, "rule"))
                    object.rule = message.rule;
                if (message.severity != null && $Object.hasOwnProperty.call(message, "severity"))
                    object.severity = message.severity;
                if (message.score != null && $Object.hasOwnProperty.call(message, "score"))
                    object.score = options.json && !$isFinite(message.score) ? $String(message.score) : message.score;
                if (message.tenant_ids && message.tenant_ids.length) {
                    object.tenant_ids = $Array(message.tenant_ids.length);
                    for (let j = 0; j < message.tenant_ids.length; ++j)
                        object.tenant_ids[j] = message.tenant_ids[j];
                }
                if (message.anchor_tenant_id != null && $Object.hasOwnProperty.call(message, "anchor_tenant_id"))
                    object.anchor_tenant_id = message.anchor_tenant_id;
                if (message.state != null && $Object.hasOwnProperty.call(message, "state"))
                    object.state = message.state;
                if (message.first_seen_unix_ms != null && $Object.hasOwnProperty.call(message, "first_seen_unix_ms"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.first_seen_unix_ms = typeof message.first_seen_unix_ms === "number" ? $BigInt(message.first_seen_unix_ms) : $util.Long.fromBits(message.first_seen_unix_ms.low >>> 0, message.first_seen_unix_ms.high >>> 0, false).toBigInt();
                    else if (typeof message.first_seen_unix_ms === "number")
                        object.first_seen_unix_ms = options.longs === $String ? $String(message.first_seen_unix_ms) : message.first_seen_unix_ms;
                    else
                        object.first_seen_unix_ms = options.longs === $String ? $util.Long.prototype.toString.call(message.first_seen_unix_ms) : options.longs === $Number ? new $util.LongBits(message.first_seen_unix_ms.low >>> 0, message.first_seen_unix_ms.high >>> 0).toNumber() : message.first_seen_unix_ms;
                if (message.last_seen_unix_ms != null && $Object.hasOwnProperty.call(message, "last_seen_unix_ms"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.last_seen_unix_ms = typeof message.last_seen_unix_ms === "number" ? $BigInt(message.last_seen_unix_ms) : $util.Long.fromBits(message.last_seen_unix_ms.low >>> 0, message.last_seen_unix_ms.high >>> 0, false).toBigInt();
                    else if (typeof message.last_seen_unix_ms === "number")
                        object.last_seen_unix_ms = options.longs === $String ? $String(message.last_seen_unix_ms) : message.last_seen_unix_ms;
                    else
                        object.last_seen_unix_ms = options.longs === $String ? $util.Long.prototype.toString.call(message.last_seen_unix_ms) : options.longs === $Number ? new $util.LongBits(message.last_seen_unix_ms.low >>> 0, message.last_seen_unix_ms.high >>> 0).toNumber() : message.last_seen_unix_ms;
                if (message.policy_version != null && $Object.hasOwnProperty.call(message, "policy_version"))
                    object.policy_version = message.policy_version;
                if (message.evidence_json != null && $Object.hasOwnProperty.call(message, "evidence_json"))
                    object.evidence_json = message.evidence_json;
                if (message.episodes && message.episodes.length) {
                    object.episodes = $Array(message.episodes.length);
                    for (let j = 0; j < message.episodes.length; ++j)
                        object.episodes[j] = $root.gpuwatch.v1.AlertEpisode.toObject(message.episodes[j], options, _depth + 1);
                }
                return object;
            };

            /**
             * Converts this Alert to JSON.
             * @function toJSON
             * @memberof gpuwatch.v1.Alert
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Alert.prototype.toJSON = function() {
                return Alert.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Alert;
        })();

        v1.AlertEpisode = (function() {

            /**
             * Properties of an AlertEpisode.
             * @typedef {Object} gpuwatch.v1.AlertEpisode.$Properties
             * @property {number|null} [start_unix_ms] AlertEpisode start_unix_ms
             * @property {number|null} [end_unix_ms] AlertEpisode end_unix_ms
             * @property {string|null} [severity] AlertEpisode severity
             * @property {number|null} [score] AlertEpisode score
             * @property {Array.<string>|null} [tenant_ids] AlertEpisode tenant_ids
             * @property {string|null} [policy_version] AlertEpisode policy_version
             * @property {string|null} [evidence_json] AlertEpisode evidence_json
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AlertEpisode.
             * @memberof gpuwatch.v1
             * @interface IAlertEpisode
             * @augments gpuwatch.v1.AlertEpisode.$Properties
             * @deprecated Use gpuwatch.v1.AlertEpisode.$Properties instead.
             */

            /**
             * Shape of an AlertEpisode.
             * @typedef {gpuwatch.v1.AlertEpisode.$Properties} gpuwatch.v1.AlertEpisode.$Shape
             */

            /**
             * Constructs a new AlertEpisode.
             * @memberof gpuwatch.v1
             * @classdesc Represents an AlertEpisode.
             * @constructor
             * @param {gpuwatch.v1.AlertEpisode.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AlertEpisode = function (properties) {
                this.tenant_ids = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AlertEpisode start_unix_ms.
             * @member {number} start_unix_ms
             * @memberof gpuwatch.v1.AlertEpisode
             * @instance
             */
            AlertEpisode.prototype.start_unix_ms = 0;

            /**
             * AlertEpisode end_unix_ms.
             * @member {number} end_unix_ms
             * @memberof gpuwatch.v1.AlertEpisode
             * @instance
             */
            AlertEpisode.prototype.end_unix_ms = 0;

            /**
             * AlertEpisode severity.
             * @member {string} severity
             * @memberof gpuwatch.v1.AlertEpisode
             * @instance
             */
            AlertEpisode.prototype.severity = "";

            /**
             * AlertEpisode score.
             * @member {number} score
             * @memberof gpuwatch.v1.AlertEpisode
             * @instance
             */
            AlertEpisode.prototype.score = 0;

            /**
             * AlertEpisode tenant_ids.
             * @member {Array.<string>} tenant_ids
             * @memberof gpuwatch.v1.AlertEpisode
             * @instance
             */
            AlertEpisode.prototype.tenant_ids = $util.emptyArray;

            /**
             * AlertEpisode policy_version.
             * @member {string} policy_version
             * @memberof gpuwatch.v1.AlertEpisode
             * @instance
             */
            AlertEpisode.prototype.policy_version = "";

            /**
             * AlertEpisode evidence_json.
             * @member {string} evidence_json
             * @memberof gpuwatch.v1.AlertEpisode
             * @instance
             */
            AlertEpisode.prototype.evidence_json = "";

            /**
             * Encodes the specified AlertEpisode message. Does not implicitly {@link gpuwatch.v1.AlertEpisode.verify|verify} messages.
             * @function encode
             * @memberof gpuwatch.v1.AlertEpisode
             * @static
             * @param {gpuwatch.v1.AlertEpisode.$Properties} message AlertEpisode message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AlertEpisode.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.start_unix_ms != null && $Object.hasOwnProperty.call(message, "start_unix_ms") && (typeof message.start_unix_ms === "object" ? message.start_unix_ms.low || message.start_unix_ms.high : message.start_unix_ms !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.start_unix_ms);
                if (message.end_unix_ms != null && $Object.hasOwnProperty.call(message, "end_unix_ms") && (typeof message.end_unix_ms === "object" ? message.end_unix_ms.low || message.end_unix_ms.high : message.end_unix_ms !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.end_unix_ms);
                if (message.severity != null && $Object.hasOwnProperty.call(message, "severity") && message.severity !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.severity);
                if (message.score != null && $Object.hasOwnProperty.call(message, "score") && !$Object.is(message.score, 0))
                    writer.uint32(/* id 4, wireType 1 =*/33).double(message.score);
                if (message.tenant_ids != null && message.tenant_ids.length)
                    for (let i = 0; i < message.tenant_ids.length; ++i)
                        writer.uint32(/* id 5, wireType 2 =*/42).string(message.tenant_ids[i]);
                if (message.policy_version != null && $Object.hasOwnProperty.call(message, "policy_version") && message.policy_version !== "")
                    writer.uint32(/* id 6, wireType 2 =*/50).string(message.policy_version);
                if (message.evidence_json != null && $Object.hasOwnProperty.call(message, "evidence_json") && message.evidence_json !== "")
                    writer.uint32(/* id 7, wireType 2 =*/58).string(message.evidence_json);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AlertEpisode message from the specified reader or buffer.
             * @function decode
             * @memberof gpuwatch.v1.AlertEpisode
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gpuwatch.v1.AlertEpisode & gpuwatch.v1.AlertEpisode.$Shape} AlertEpisode
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AlertEpisode.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gpuwatch.v1.AlertEpisode();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.start_unix_ms = value;
                            else
                                delete message.start_unix_ms;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.end_unix_ms = value;
                            else
                                delete message.end_unix_ms;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.severity = value;
                            else
                                delete message.severity;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.score = value;
                            else
                                delete message.score;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if (!(message.tenant_ids && message.tenant_ids.length))
                                message.tenant_ids = [];
                            message.tenant_ids.push(reader.stringVerify());
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.policy_version = value;
                            else
                                delete message.policy_version;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.evidence_json = value;
                            else
                                delete message.evidence_json;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies an AlertEpisode message.
             * @function verify
             * @memberof gpuwatch.v1.AlertEpisode
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            AlertEpisode.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.start_unix_ms != null && $Object.hasOwnProperty.call(message, "start_unix_ms"))
                    if (!$util.isInteger(message.start_unix_ms) && !(message.start_unix_ms && $util.isInteger(message.start_unix_ms.low) && $util.isInteger(message.start_unix_ms.high)))
                        return "start_unix_ms: integer|Long expected";
                if (message.end_unix_ms != null && $Object.hasOwnProperty.call(message, "end_unix_ms"))
                    if (!$util.isInteger(message.end_unix_ms) && !(message.end_unix_ms && $util.isInteger(message.end_unix_ms.low) && $util.isInteger(message.end_unix_ms.high)))
                        return "end_unix_ms: integer|Long expected";
                if (message.severity != null && $Object.hasOwnProperty.call(message, "severity"))
                    if (!$util.isString(message.severity))
                        return "severity: string expected";
                if (message.score != null && $Object.hasOwnProperty.call(message, "score"))
                    if (typeof message.score !== "number")
                        return "score: number expected";
                if (message.tenant_ids != null && $Object.hasOwnProperty.call(message, "tenant_ids")) {
                    if (!$Array.isArray(message.tenant_ids))
                        return "tenant_ids: array expected";
                    for (let i = 0; i < message.tenant_ids.length; ++i)
                        if (!$util.isString(message.tenant_ids[i]))
                            return "tenant_ids: string[] expected";
                }
                if (message.policy_version != null && $Object.hasOwnProperty.call(message, "policy_version"))
                    if (!$util.isString(message.policy_version))
                        return "policy_version: string expected";
                if (message.evidence_json != null && $Object.hasOwnProperty.call(message, "evidence_json"))
                    if (!$util.isString(message.evidence_json))
                        return "evidence_json: string expected";
                return null;
            };

            /**
             * Creates an AlertEpisode message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof gpuwatch.v1.AlertEpisode
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {gpuwatch.v1.AlertEpisode} AlertEpisode
             */
            AlertEpisode.fromObject = function (object, _depth) {
                if (object instanceof $root.gpuwatch.v1.AlertEpisode)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".gpuwatch.v1.AlertEpisode: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.gpuwatch.v1.AlertEpisode();
                if (object.start_unix_ms != null)
                    if (typeof object.start_unix_ms === "object" ? object.start_unix_ms.low || object.start_unix_ms.high : $Number(object.start_unix_ms) !== 0)
                        if ($util.Long)
                            message.start_unix_ms = $util.Long.fromValue(object.start_unix_ms, false);
                        else if (typeof object.start_unix_ms === "string")
                            message.start_unix_ms = $parseInt(object.start_unix_ms, 10);
                        else if (typeof object.start_unix_ms === "number")
                            message.start_unix_ms = object.start_unix_ms;
                        else if (typeof object.start_unix_ms === "object")
                            message.start_unix_ms = new $util.LongBits(object.start_unix_ms.low >>> 0, object.start_unix_ms.high >>> 0).toNumber();
                if (object.end_unix_ms != null)
                    if (typeof object.end_unix_ms === "object" ? object.end_unix_ms.low || object.end_unix_ms.high : $Number(object.end_unix_ms) !== 0)
                        if ($util.Long)
                            message.end_unix_ms = $util.Long.fromValue(object.end_unix_ms, false);
                        else if (typeof object.end_unix_ms === "string")
                            message.end_unix_ms = $parseInt(object.end_unix_ms, 10);
                        else if (typeof object.end_unix_ms === "number")
                            message.end_unix_ms = object.end_unix_ms;
                        else if (typeof object.end_unix_ms === "object")
                            message.end_unix_ms = new $util.LongBits(object.end_unix_ms.low >>> 0, object.end_unix_ms.high >>> 0).toNumber();
                if (object.severity != null)
                    if (typeof object.severity !== "string" || object.severity.length)
                        message.severity = $String(object.severity);
                if (object.score != null)
                    if (!$Object.is($Number(object.score), 0))
                        message.score = $Number(object.score);
                if (object.tenant_ids) {
                    if (!$Array.isArray(object.tenant_ids))
                        throw $TypeError(".gpuwatch.v1.AlertEpisode.tenant_ids: array expected");
                    message.tenant_ids = $Array(object.tenant_ids.length);
                    for (let i = 0; i < object.tenant_ids.length; ++i)
                        message.tenant_ids[i] = $String(object.tenant_ids[i]);
                }
                if (object.policy_version != null)
                    if (typeof object.policy_version !== "string" || object.policy_version.length)
                        message.policy_version = $String(object.policy_version);
                if (object.evidence_json != null)
                    if (typeof object.evidence_json !== "string" || object.evidence_json.length)
                        message.evidence_json = $String(object.evidence_json);
                return message;
            };

            /**
             * Creates a plain object from an AlertEpisode message. Also converts values to other types if specified.
             * @function toObject
             * @memberof gpuwatch.v1.AlertEpisode
             * @static
             * @param {gpuwatch.v1.AlertEpisode} message AlertEpisode
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            AlertEpisode.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.tenant_ids = [];
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.start_unix_ms = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.start_unix_ms = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.end_unix_ms = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.end_unix_ms = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.severity = "";
                    object.score = 0;
                    object.policy_version = "";
                    object.evidence_json = "";
                }
                if (message.start_unix_ms != null && $Object.hasOwnProperty.call(message, "start_unix_ms"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.start_unix_ms = typeof message.start_unix_ms === "number" ? $BigInt(message.start_unix_ms) : $util.Long.fromBits(message.start_unix_ms.low >>> 0, message.start_unix_ms.high >>> 0, false).toBigInt();
                    else if (typeof message.start_unix_ms === "number")
                        object.start_unix_ms = options.longs === $String ? $String(message.start_unix_ms) : message.start_unix_ms;
                    else
                        object.start_unix_ms = options.longs === $String ? $util.Long.prototype.toString.call(message.start_unix_ms) : options.longs === $Number ? new $util.LongBits(message.start_unix_ms.low >>> 0, message.start_unix_ms.high >>> 0).toNumber() : message.start_unix_ms;
                if (message.end_unix_ms != null && $Object.hasOwnProperty.call(message, "end_unix_ms"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.end_unix_ms = typeof message.end_unix_ms === "number" ? $BigInt(message.end_unix_ms) : $util.Long.fromBits(message.end_unix_ms.low >>> 0, message.end_unix_ms.high >>> 0, false).toBigInt();
                    else if (typeof message.end_unix_ms === "number")
                        object.end_unix_ms = options.longs === $String ? $String(message.end_unix_ms) : message.end_unix_ms;
                    else
                        object.end_unix_ms = options.longs === $String ? $util.Long.prototype.toString.call(message.end_unix_ms) : options.longs === $Number ? new $util.LongBits(message.end_unix_ms.low >>> 0, message.end_unix_ms.high >>> 0).toNumber() : message.end_unix_ms;
                if (message.severity != null && $Object.hasOwnProperty.call(message, "severity"))
                    object.severity = message.severity;
                if (message.score != null && $Object.hasOwnProperty.call(message, "score"))
                    object.score = options.json && !$isFinite(message.score) ? $String(message.score) : message.score;
                if (message.tenant_ids && message.tenant_ids.length) {
                    object.tenant_ids = $Array(message.tenant_ids.length);
                    for (let j = 0; j < message.tenant_ids.length; ++j)
                        object.tenant_ids[j] = message.tenant_ids[j];
                }
                if (message.policy_version != null && $Object.hasOwnProperty.call(message, "policy_version"))
                    object.policy_version = message.policy_version;
                if (message.evidence_json != null && $Object.hasOwnProperty.call(message, "evidence_json"))
                    object.evidence_json = message.evidence_json;
                return object;
            };

            /**
             * Converts this AlertEpisode to JSON.
             * @function toJSON
             * @memberof gpuwatch.v1.AlertEpisode
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            AlertEpisode.prototype.toJSON = function() {
                return AlertEpisode.toObject(this, $protobuf.util.toJSONOptions);
            };

            return AlertEpisode;
        })();

        v1.AgentMessage = (function() {

            /**
             * Properties of an AgentMessage.
             * @typedef {Object} gpuwatch.v1.AgentMessage.$Properties
             * @property {gpuwatch.v1.Hello.$Properties|null} [hello] AgentMessage hello
             * @property {gpuwatch.v1.UsageBatch.$Properties|null} [batch] AgentMessage batch
             * @property {"hello"|"batch"} [msg] AgentMessage msg
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AgentMessage.
             * @memberof gpuwatch.v1
             * @interface IAgentMessage
             * @augments gpuwatch.v1.AgentMessage.$Properties
             * @deprecated Use gpuwatch.v1.AgentMessage.$Properties instead.
             */

            /**
             * Narrowed shape of an AgentMessage.
             * @typedef {{
             *   hello?: gpuwatch.v1.Hello.$Shape|null;
             *   batch?: gpuwatch.v1.UsageBatch.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ msg?: undefined; hello?: null; batch?: null }|{ msg?: "hello"; hello: gpuwatch.v1.Hello.$Shape; batch?: null }|{ msg?: "batch"; hello?: null; batch: gpuwatch.v1.UsageBatch.$Shape })
             * )} gpuwatch.v1.AgentMessage.$Shape
             */

            /**
             * Constructs a new AgentMessage.
             * @memberof gpuwatch.v1
             * @classdesc Represents an AgentMessage.
             * @constructor
             * @param {gpuwatch.v1.AgentMessage.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AgentMessage = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AgentMessage hello.
             * @member {gpuwatch.v1.Hello.$Properties|null|undefined} hello
             * @memberof gpuwatch.v1.AgentMessage
             * @instance
             */
            AgentMessage.prototype.hello = null;

            /**
             * AgentMessage batch.
             * @member {gpuwatch.v1.UsageBatch.$Properties|null|undefined} batch
             * @memberof gpuwatch.v1.AgentMessage
             * @instance
             */
            AgentMessage.prototype.batch = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * AgentMessage msg.
             * @member {"hello"|"batch"|undefined} msg
             * @memberof gpuwatch.v1.AgentMessage
             * @instance
             */
            $Object.defineProperty(AgentMessage.prototype, "msg", {
                get: $util.oneOfGetter($oneOfFields = ["hello", "batch"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified AgentMessage message. Does not implicitly {@link gpuwatch.v1.AgentMessage.verify|verify} messages.
             * @function encode
             * @memberof gpuwatch.v1.AgentMessage
             * @static
             * @param {gpuwatch.v1.AgentMessage.$Properties} message AgentMessage message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AgentMessage.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.hello != null && $Object.hasOwnProperty.call(message, "hello"))
                    $root.gpuwatch.v1.Hello.encode(message.hello, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.batch != null && $Object.hasOwnProperty.call(message, "batch"))
                    $root.gpuwatch.v1.UsageBatch.encode(message.batch, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AgentMessage message from the specified reader or buffer.
             * @function decode
             * @memberof gpuwatch.v1.AgentMessage
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gpuwatch.v1.AgentMessage & gpuwatch.v1.AgentMessage.$Shape} AgentMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AgentMessage.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gpuwatch.v1.AgentMessage();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.hello = $root.gpuwatch.v1.Hello.decode(reader, reader.size(), $undefined, _depth + 1, message.hello);
                            message.msg = "hello";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.batch = $root.gpuwatch.v1.UsageBatch.decode(reader, reader.size(), $undefined, _depth + 1, message.batch);
                            message.msg = "batch";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies an AgentMessage message.
             * @function verify
             * @memberof gpuwatch.v1.AgentMessage
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            AgentMessage.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                let properties = {};
                if (message.hello != null && $Object.hasOwnProperty.call(message, "hello")) {
                    properties.msg = 1;
                    {
                        let error = $root.gpuwatch.v1.Hello.verify(message.hello, _depth + 1);
                        if (error)
                            return "hello." + error;
                    }
                }
                if (message.batch != null && $Object.hasOwnProperty.call(message, "batch")) {
                    if (properties.msg === 1)
                        return "msg: multiple values";
                    properties.msg = 1;
                    {
                        let error = $root.gpuwatch.v1.UsageBatch.verify(message.batch, _depth + 1);
                        if (error)
                            return "batch." + error;
                    }
                }
                return null;
            };

            /**
             * Creates an AgentMessage message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof gpuwatch.v1.AgentMessage
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {gpuwatch.v1.AgentMessage} AgentMessage
             */
            AgentMessage.fromObject = function (object, _depth) {
                if (object instanceof $root.gpuwatch.v1.AgentMessage)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".gpuwatch.v1.AgentMessage: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.gpuwatch.v1.AgentMessage();
                if (object.hello != null) {
                    if (!$util.isObject(object.hello))
                        throw $TypeError(".gpuwatch.v1.AgentMessage.hello: object expected");
                    message.hello = $root.gpuwatch.v1.Hello.fromObject(object.hello, _depth + 1);
                }
                if (object.batch != null) {
                    if (!$util.isObject(object.batch))
                        throw $TypeError(".gpuwatch.v1.AgentMessage.batch: object expected");
                    message.batch = $root.gpuwatch.v1.UsageBatch.fromObject(object.batch, _depth + 1);
                }
                return message;
            };

            /**
             * Creates a plain object from an AgentMessage message. Also converts values to other types if specified.
             * @function toObject
             * @memberof gpuwatch.v1.AgentMessage
             * @static
             * @param {gpuwatch.v1.AgentMessage} message AgentMessage
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            AgentMessage.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (message.hello != null && $Object.hasOwnProperty.call(message, "hello")) {
                    object.hello = $root.gpuwatch.v1.Hello.toObject(message.hello, options, _depth + 1);
                    if (options.oneofs)
                        object.msg = "hello";
                }
                if (message.batch != null && $Object.hasOwnProperty.call(message, "batch")) {
                    object.batch = $root.gpuwatch.v1.UsageBatch.toObject(message.batch, options, _depth + 1);
                    if (options.oneofs)
                        object.msg = "batch";
                }
                return object;
            };

            /**
             * Converts this AgentMessage to JSON.
             * @function toJSON
             * @memberof gpuwatch.v1.AgentMessage
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            AgentMessage.prototype.toJSON = function() {
                return AgentMessage.toObject(this, $protobuf.util.toJSONOptions);
            };

            return AgentMessage;
        })();

        v1.Hello = (function() {

            /**
             * Properties of a Hello.
             * @typedef {Object} gpuwatch.v1.Hello.$Properties
             * @property {string|null} [agent_id] Hello agent_id
             * @property {string|null} [cluster] Hello cluster
             * @property {string|null} [site] Hello site
             * @property {string|null} [agent_version] Hello agent_version
             * @property {Array.<gpuwatch.v1.Gpu.$Properties>|null} [gpus] Hello gpus
             * @property {string|null} [spool_id] Hello spool_id
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Hello.
             * @memberof gpuwatch.v1
             * @interface IHello
             * @augments gpuwatch.v1.Hello.$Properties
             * @deprecated Use gpuwatch.v1.Hello.$Properties instead.
             */

            /**
             * Shape of a Hello.
             * @typedef {gpuwatch.v1.Hello.$Properties} gpuwatch.v1.Hello.$Shape
             */

            /**
             * Constructs a new Hello.
             * @memberof gpuwatch.v1
             * @classdesc Represents a Hello.
             * @constructor
             * @param {gpuwatch.v1.Hello.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Hello = function (properties) {
                this.gpus = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Hello agent_id.
             * @member {string} agent_id
             * @memberof gpuwatch.v1.Hello
             * @instance
             */
            Hello.prototype.agent_id = "";

            /**
             * Hello cluster.
             * @member {string} cluster
             * @memberof gpuwatch.v1.Hello
             * @instance
             */
            Hello.prototype.cluster = "";

            /**
             * Hello site.
             * @member {string} site
             * @memberof gpuwatch.v1.Hello
             * @instance
             */
            Hello.prototype.site = "";

            /**
             * Hello agent_version.
             * @member {string} agent_version
             * @memberof gpuwatch.v1.Hello
             * @instance
             */
            Hello.prototype.agent_version = "";

            /**
             * Hello gpus.
             * @member {Array.<gpuwatch.v1.Gpu.$Properties>} gpus
             * @memberof gpuwatch.v1.Hello
             * @instance
             */
            Hello.prototype.gpus = $util.emptyArray;

            /**
             * Hello spool_id.
             * @member {string} spool_id
             * @memberof gpuwatch.v1.Hello
             * @instance
             */
            Hello.prototype.spool_id = "";

            /**
             * Encodes the specified Hello message. Does not implicitly {@link gpuwatch.v1.Hello.verify|verify} messages.
             * @function encode
             * @memberof gpuwatch.v1.Hello
             * @static
             * @param {gpuwatch.v1.Hello.$Properties} message Hello message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Hello.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.agent_id != null && $Object.hasOwnProperty.call(message, "agent_id") && message.agent_id !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.agent_id);
                if (message.cluster != null && $Object.hasOwnProperty.call(message, "cluster") && message.cluster !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.cluster);
                if (message.site != null && $Object.hasOwnProperty.call(message, "site") && message.site !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.site);
                if (message.agent_version != null && $Object.hasOwnProperty.call(message, "agent_version") && message.agent_version !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.agent_version);
                if (message.gpus != null && message.gpus.length)
                    for (let i = 0; i < message.gpus.length; ++i)
                        $root.gpuwatch.v1.Gpu.encode(message.gpus[i], writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.spool_id != null && $Object.hasOwnProperty.call(message, "spool_id") && message.spool_id !== "")
                    writer.uint32(/* id 6, wireType 2 =*/50).string(message.spool_id);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Hello message from the specified reader or buffer.
             * @function decode
             * @memberof gpuwatch.v1.Hello
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gpuwatch.v1.Hello & gpuwatch.v1.Hello.$Shape} Hello
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Hello.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gpuwatch.v1.Hello();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.agent_id = value;
                            else
                                delete message.agent_id;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.cluster = value;
                            else
                                delete message.cluster;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.site = value;
                            else
                                delete message.site;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.agent_version = value;
                            else
                                delete message.agent_version;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if (!(message.gpus && message.gpus.length))
                                message.gpus = [];
                            message.gpus.push($root.gpuwatch.v1.Gpu.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.spool_id = value;
                            else
                                delete message.spool_id;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a Hello message.
             * @function verify
             * @memberof gpuwatch.v1.Hello
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Hello.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.agent_id != null && $Object.hasOwnProperty.call(message, "agent_id"))
                    if (!$util.isString(message.agent_id))
                        return "agent_id: string expected";
                if (message.cluster != null && $Object.hasOwnProperty.call(message, "cluster"))
                    if (!$util.isString(message.cluster))
                        return "cluster: string expected";
                if (message.site != null && $Object.hasOwnProperty.call(message, "site"))
                    if (!$util.isString(message.site))
                        return "site: string expected";
                if (message.agent_version != null && $Object.hasOwnProperty.call(message, "agent_version"))
                    if (!$util.isString(message.agent_version))
                        return "agent_version: string expected";
                if (message.gpus != null && $Object.hasOwnProperty.call(message, "gpus")) {
                    if (!$Array.isArray(message.gpus))
                        return "gpus: array expected";
                    for (let i = 0; i < message.gpus.length; ++i) {
                        let error = $root.gpuwatch.v1.Gpu.verify(message.gpus[i], _depth + 1);
                        if (error)
                            return "gpus." + error;
                    }
                }
                if (message.spool_id != null && $Object.hasOwnProperty.call(message, "spool_id"))
                    if (!$util.isString(message.spool_id))
                        return "spool_id: string expected";
                return null;
            };

            /**
             * Creates a Hello message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof gpuwatch.v1.Hello
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {gpuwatch.v1.Hello} Hello
             */
            Hello.fromObject = function (object, _depth) {
                if (object instanceof $root.gpuwatch.v1.Hello)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".gpuwatch.v1.Hello: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.gpuwatch.v1.Hello();
                if (object.agent_id != null)
                    if (typeof object.agent_id !== "string" || object.agent_id.length)
                        message.agent_id = $String(object.agent_id);
                if (object.cluster != null)
                    if (typeof object.cluster !== "string" || object.cluster.length)
                        message.cluster = $String(object.cluster);
                if (object.site != null)
                    if (typeof object.site !== "string" || object.site.length)
                        message.site = $String(object.site);
                if (object.agent_version != null)
                    if (typeof object.agent_version !== "string" || object.agent_version.length)
                        message.agent_version = $String(object.agent_version);
                if (object.gpus) {
                    if (!$Array.isArray(object.gpus))
                        throw $TypeError(".gpuwatch.v1.Hello.gpus: array expected");
                    message.gpus = $Array(object.gpus.length);
                    for (let i = 0; i < object.gpus.length; ++i) {
                        if (!$util.isObject(object.gpus[i]))
                            throw $TypeError(".gpuwatch.v1.Hello.gpus: object expected");
                        message.gpus[i] = $root.gpuwatch.v1.Gpu.fromObject(object.gpus[i], _depth + 1);
                    }
                }
                if (object.spool_id != null)
                    if (typeof object.spool_id !== "string" || object.spool_id.length)
                        message.spool_id = $String(object.spool_id);
                return message;
            };

            /**
             * Creates a plain object from a Hello message. Also converts values to other types if specified.
             * @function toObject
             * @memberof gpuwatch.v1.Hello
             * @static
             * @param {gpuwatch.v1.Hello} message Hello
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Hello.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.gpus = [];
                if (options.defaults) {
                    object.agent_id = "";
                    object.cluster = "";
                    object.site = "";
                    object.agent_version = "";
                    object.spool_id = "";
                }
                if (message.agent_id != null && $Object.hasOwnProperty.call(message, "agent_id"))
                    object.agent_id = message.agent_id;
                if (message.cluster != null && $Object.hasOwnProperty.call(message, "cluster"))
                    object.cluster = message.cluster;
                if (message.site != null && $Object.hasOwnProperty.call(message, "site"))
                    object.site = message.site;
                if (message.agent_version != null && $Object.hasOwnProperty.call(message, "agent_version"))
                    object.agent_version = message.agent_version;
                if (message.gpus && message.gpus.length) {
                    object.gpus = $Array(message.gpus.length);
                    for (let j = 0; j < message.gpus.length; ++j)
                        object.gpus[j] = $root.gpuwatch.v1.Gpu.toObject(message.gpus[j], options, _depth + 1);
                }
                if (message.spool_id != null && $Object.hasOwnProperty.call(message, "spool_id"))
                    object.spool_id = message.spool_id;
                return object;
            };

            /**
             * Converts this Hello to JSON.
             * @function toJSON
             * @memberof gpuwatch.v1.Hello
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Hello.prototype.toJSON = function() {
                return Hello.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Hello;
        })();

        v1.Gpu = (function() {

            /**
             * Properties of a Gpu.
             * @typedef {Object} gpuwatch.v1.Gpu.$Properties
             * @property {string|null} [uuid] Gpu uuid
             * @property {number|null} [index] Gpu index
             * @property {string|null} [name] Gpu name
             * @property {string|null} [pci_device_id] Gpu pci_device_id
             * @property {number|null} [memory_total_bytes] Gpu memory_total_bytes
             * @property {string|null} [parent_uuid] Gpu parent_uuid
             * @property {string|null} [mig_profile] Gpu mig_profile
             * @property {string|null} [serial] Gpu serial
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Gpu.
             * @memberof gpuwatch.v1
             * @interface IGpu
             * @augments gpuwatch.v1.Gpu.$Properties
             * @deprecated Use gpuwatch.v1.Gpu.$Properties instead.
             */

            /**
             * Shape of a Gpu.
             * @typedef {gpuwatch.v1.Gpu.$Properties} gpuwatch.v1.Gpu.$Shape
             */

            /**
             * Constructs a new Gpu.
             * @memberof gpuwatch.v1
             * @classdesc Represents a Gpu.
             * @constructor
             * @param {gpuwatch.v1.Gpu.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Gpu = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Gpu uuid.
             * @member {string} uuid
             * @memberof gpuwatch.v1.Gpu
             * @instance
             */
            Gpu.prototype.uuid = "";

            /**
             * Gpu index.
             * @member {number} index
             * @memberof gpuwatch.v1.Gpu
             * @instance
             */
            Gpu.prototype.index = 0;

            /**
             * Gpu name.
             * @member {string} name
             * @memberof gpuwatch.v1.Gpu
             * @instance
             */
            Gpu.prototype.name = "";

            /**
             * Gpu pci_device_id.
             * @member {string} pci_device_id
             * @memberof gpuwatch.v1.Gpu
             * @instance
             */
            Gpu.prototype.pci_device_id = "";

            /**
             * Gpu memory_total_bytes.
             * @member {number} memory_total_bytes
             * @memberof gpuwatch.v1.Gpu
             * @instance
             */
            Gpu.prototype.memory_total_bytes = 0;

            /**
             * Gpu parent_uuid.
             * @member {string} parent_uuid
             * @memberof gpuwatch.v1.Gpu
             * @instance
             */
            Gpu.prototype.parent_uuid = "";

            /**
             * Gpu mig_profile.
             * @member {string} mig_profile
             * @memberof gpuwatch.v1.Gpu
             * @instance
             */
            Gpu.prototype.mig_profile = "";

            /**
             * Gpu serial.
             * @member {string} serial
             * @memberof gpuwatch.v1.Gpu
             * @instance
             */
            Gpu.prototype.serial = "";

            /**
             * Encodes the specified Gpu message. Does not implicitly {@link gpuwatch.v1.Gpu.verify|verify} messages.
             * @function encode
             * @memberof gpuwatch.v1.Gpu
             * @static
             * @param {gpuwatch.v1.Gpu.$Properties} message Gpu message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Gpu.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.uuid != null && $Object.hasOwnProperty.call(message, "uuid") && message.uuid !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.uuid);
                if (message.index != null && $Object.hasOwnProperty.call(message, "index") && message.index !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.index);
                if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.name);
                if (message.pci_device_id != null && $Object.hasOwnProperty.call(message, "pci_device_id") && message.pci_device_id !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.pci_device_id);
                if (message.memory_total_bytes != null && $Object.hasOwnProperty.call(message, "memory_total_bytes") && (typeof message.memory_total_bytes === "object" ? message.memory_total_bytes.low || message.memory_total_bytes.high : message.memory_total_bytes !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.memory_total_bytes);
                if (message.parent_uuid != null && $Object.hasOwnProperty.call(message, "parent_uuid") && message.parent_uuid !== "")
                    writer.uint32(/* id 6, wireType 2 =*/50).string(message.parent_uuid);
                if (message.mig_profile != null && $Object.hasOwnProperty.call(message, "mig_profile") && message.mig_profile !== "")
                    writer.uint32(/* id 7, wireType 2 =*/58).string(message.mig_profile);
                if (message.serial != null && $Object.hasOwnProperty.call(message, "serial") && message.serial !== "")
                    writer.uint32(/* id 8, wireType 2 =*/66).string(message.serial);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Gpu message from the specified reader or buffer.
             * @function decode
             * @memberof gpuwatch.v1.Gpu
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gpuwatch.v1.Gpu & gpuwatch.v1.Gpu.$Shape} Gpu
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Gpu.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gpuwatch.v1.Gpu();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.uuid = value;
                            else
                                delete message.uuid;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.index = value;
                            else
                                delete message.index;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.name = value;
                            else
                                delete message.name;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.pci_device_id = value;
                            else
                                delete message.pci_device_id;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.memory_total_bytes = value;
                            else
                                delete message.memory_total_bytes;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.parent_uuid = value;
                            else
                                delete message.parent_uuid;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.mig_profile = value;
                            else
                                delete message.mig_profile;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.serial = value;
                            else
                                delete message.serial;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a Gpu message.
             * @function verify
             * @memberof gpuwatch.v1.Gpu
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Gpu.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.uuid != null && $Object.hasOwnProperty.call(message, "uuid"))
                    if (!$util.isString(message.uuid))
                        return "uuid: string expected";
                if (message.index != null && $Object.hasOwnProperty.call(message, "index"))
                    if (!$util.isInteger(message.index))
                        return "index: integer expected";
                if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                    if (!$util.isString(message.name))
                        return "name: string expected";
                if (message.pci_device_id != null && $Object.hasOwnProperty.call(message, "pci_device_id"))
                    if (!$util.isString(message.pci_device_id))
                        return "pci_device_id: string expected";
                if (message.memory_total_bytes != null && $Object.hasOwnProperty.call(message, "memory_total_bytes"))
                    if (!$util.isInteger(message.memory_total_bytes) && !(message.memory_total_bytes && $util.isInteger(message.memory_total_bytes.low) && $util.isInteger(message.memory_total_bytes.high)))
                        return "memory_total_bytes: integer|Long expected";
                if (message.parent_uuid != null && $Object.hasOwnProperty.call(message, "parent_uuid"))
                    if (!$util.isString(message.parent_uuid))
                        return "parent_uuid: string expected";
                if (message.mig_profile != null && $Object.hasOwnProperty.call(message, "mig_profile"))
                    if (!$util.isString(message.mig_profile))
                        return "mig_profile: string expected";
                if (message.serial != null && $Object.hasOwnProperty.call(message, "serial"))
                    if (!$util.isString(message.serial))
                        return "serial: string expected";
                return null;
            };

            /**
             * Creates a Gpu message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof gpuwatch.v1.Gpu
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {gpuwatch.v1.Gpu} Gpu
             */
            Gpu.fromObject = function (object, _depth) {
                if (object instanceof $root.gpuwatch.v1.Gpu)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".gpuwatch.v1.Gpu: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.gpuwatch.v1.Gpu();
                if (object.uuid != null)
                    if (typeof object.uuid !== "string" || object.uuid.length)
                        message.uuid = $String(object.uuid);
                if (object.index != null)
                    if ($Number(object.index) !== 0)
                        message.index = object.index >>> 0;
                if (object.name != null)
                    if (typeof object.name !== "string" || object.name.length)
                        message.name = $String(object.name);
                if (object.pci_device_id != null)
                    if (typeof object.pci_device_id !== "string" || object.pci_device_id.length)
                        message.pci_device_id = $String(object.pci_device_id);
                if (object.memory_total_bytes != null)
                    if (typeof object.memory_total_bytes === "object" ? object.memory_total_bytes.low || object.memory_total_bytes.high : $Number(object.memory_total_bytes) !== 0)
                        if ($util.Long)
                            message.memory_total_bytes = $util.Long.fromValue(object.memory_total_bytes, true);
                        else if (typeof object.memory_total_bytes === "string")
                            message.memory_total_bytes = $parseInt(object.memory_total_bytes, 10);
                        else if (typeof object.memory_total_bytes === "number")
                            message.memory_total_bytes = object.memory_total_bytes;
                        else if (typeof object.memory_total_bytes === "object")
                            message.memory_total_bytes = new $util.LongBits(object.memory_total_bytes.low >>> 0, object.memory_total_bytes.high >>> 0).toNumber(true);
                if (object.parent_uuid != null)
                    if (typeof object.parent_uuid !== "string" || object.parent_uuid.length)
                        message.parent_uuid = $String(object.parent_uuid);
                if (object.mig_profile != null)
                    if (typeof object.mig_profile !== "string" || object.mig_profile.length)
                        message.mig_profile = $String(object.mig_profile);
                if (object.serial != null)
                    if (typeof object.serial !== "string" || object.serial.length)
                        message.serial = $String(object.serial);
                return message;
            };

            /**
             * Creates a plain object from a Gpu message. Also converts values to other types if specified.
             * @function toObject
             * @memberof gpuwatch.v1.Gpu
             * @static
             * @param {gpuwatch.v1.Gpu} message Gpu
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Gpu.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.uuid = "";
                    object.index = 0;
                    object.name = "";
                    object.pci_device_id = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.memory_total_bytes = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.memory_total_bytes = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.parent_uuid = "";
                    object.mig_profile = "";
                    object.serial = "";
                }
                if (message.uuid != null && $Object.hasOwnProperty.call(message, "uuid"))
                    object.uuid = message.uuid;
                if (message.index != null && $Object.hasOwnProperty.call(message, "index"))
                    object.index = message.index;
                if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                    object.name = message.name;
                if (message.pci_device_id != null && $Object.hasOwnProperty.call(message, "pci_device_id"))
                    object.pci_device_id = message.pci_device_id;
                if (message.memory_total_bytes != null && $Object.hasOwnProperty.call(message, "memory_total_bytes"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.memory_total_bytes = typeof message.memory_total_bytes === "number" ? $BigInt(message.memory_total_bytes) : $util.Long.fromBits(message.memory_total_bytes.low >>> 0, message.memory_total_bytes.high >>> 0, true).toBigInt();
                    else if (typeof message.memory_total_bytes === "number")
                        object.memory_total_bytes = options.longs === $String ? $String(message.memory_total_bytes) : message.memory_total_bytes;
                    else
                        object.memory_total_bytes = options.longs === $String ? $util.Long.prototype.toString.call(message.memory_total_bytes) : options.longs === $Number ? new $util.LongBits(message.memory_total_bytes.low >>> 0, message.memory_total_bytes.high >>> 0).toNumber(true) : message.memory_total_bytes;
                if (message.parent_uuid != null && $Object.hasOwnProperty.call(message, "parent_uuid"))
                    object.parent_uuid = message.parent_uuid;
                if (message.mig_profile != null && $Object.hasOwnProperty.call(message, "mig_profile"))
                    object.mig_profile = message.mig_profile;
                if (message.serial != null && $Object.hasOwnProperty.call(message, "serial"))
                    object.serial = message.serial;
                return object;
            };

            /**
             * Converts this Gpu to JSON.
             * @function toJSON
             * @memberof gpuwatch.v1.Gpu
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Gpu.prototype.toJSON = function() {
                return Gpu.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Gpu;
        })();

        v1.UsageBatch = (function() {

            /**
             * Properties of a UsageBatch.
             * @typedef {Object} gpuwatch.v1.UsageBatch.$Properties
             * @property {number|null} [seq] UsageBatch seq
             * @property {Array.<gpuwatch.v1.UsageSegment.$Properties>|null} [segments] UsageBatch segments
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a UsageBatch.
             * @memberof gpuwatch.v1
             * @interface IUsageBatch
             * @augments gpuwatch.v1.UsageBatch.$Properties
             * @deprecated Use gpuwatch.v1.UsageBatch.$Properties instead.
             */

            /**
             * Shape of a UsageBatch.
             * @typedef {gpuwatch.v1.UsageBatch.$Properties} gpuwatch.v1.UsageBatch.$Shape
             */

            /**
             * Constructs a new UsageBatch.
             * @memberof gpuwatch.v1
             * @classdesc Represents a UsageBatch.
             * @constructor
             * @param {gpuwatch.v1.UsageBatch.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const UsageBatch = function (properties) {
                this.segments = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * UsageBatch seq.
             * @member {number} seq
             * @memberof gpuwatch.v1.UsageBatch
             * @instance
             */
            UsageBatch.prototype.seq = 0;

            /**
             * UsageBatch segments.
             * @member {Array.<gpuwatch.v1.UsageSegment.$Properties>} segments
             * @memberof gpuwatch.v1.UsageBatch
             * @instance
             */
            UsageBatch.prototype.segments = $util.emptyArray;

            /**
             * Encodes the specified UsageBatch message. Does not implicitly {@link gpuwatch.v1.UsageBatch.verify|verify} messages.
             * @function encode
             * @memberof gpuwatch.v1.UsageBatch
             * @static
             * @param {gpuwatch.v1.UsageBatch.$Properties} message UsageBatch message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            UsageBatch.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seq);
                if (message.segments != null && message.segments.length)
                    for (let i = 0; i < message.segments.length; ++i)
                        $root.gpuwatch.v1.UsageSegment.encode(message.segments[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a UsageBatch message from the specified reader or buffer.
             * @function decode
             * @memberof gpuwatch.v1.UsageBatch
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gpuwatch.v1.UsageBatch & gpuwatch.v1.UsageBatch.$Shape} UsageBatch
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            UsageBatch.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gpuwatch.v1.UsageBatch();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if (!(message.segments && message.segments.length))
                                message.segments = [];
                            message.segments.push($root.gpuwatch.v1.UsageSegment.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a UsageBatch message.
             * @function verify
             * @memberof gpuwatch.v1.UsageBatch
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            UsageBatch.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    if (!$util.isInteger(message.seq) && !(message.seq && $util.isInteger(message.seq.low) && $util.isInteger(message.seq.high)))
                        return "seq: integer|Long expected";
                if (message.segments != null && $Object.hasOwnProperty.call(message, "segments")) {
                    if (!$Array.isArray(message.segments))
                        return "segments: array expected";
                    for (let i = 0; i < message.segments.length; ++i) {
                        let error = $root.gpuwatch.v1.UsageSegment.verify(message.segments[i], _depth + 1);
                        if (error)
                            return "segments." + error;
                    }
                }
                return null;
            };

            /**
             * Creates a UsageBatch message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof gpuwatch.v1.UsageBatch
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {gpuwatch.v1.UsageBatch} UsageBatch
             */
            UsageBatch.fromObject = function (object, _depth) {
                if (object instanceof $root.gpuwatch.v1.UsageBatch)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".gpuwatch.v1.UsageBatch: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.gpuwatch.v1.UsageBatch();
                if (object.seq != null)
                    if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                        if ($util.Long)
                            message.seq = $util.Long.fromValue(object.seq, true);
                        else if (typeof object.seq === "string")
                            message.seq = $parseInt(object.seq, 10);
                        else if (typeof object.seq === "number")
                            message.seq = object.seq;
                        else if (typeof object.seq === "object")
                            message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber(true);
                if (object.segments) {
                    if (!$Array.isArray(object.segments))
                        throw $TypeError(".gpuwatch.v1.UsageBatch.segments: array expected");
                    message.segments = $Array(object.segments.length);
                    for (let i = 0; i < object.segments.length; ++i) {
                        if (!$util.isObject(object.segments[i]))
                            throw $TypeError(".gpuwatch.v1.UsageBatch.segments: object expected");
                        message.segments[i] = $root.gpuwatch.v1.UsageSegment.fromObject(object.segments[i], _depth + 1);
                    }
                }
                return message;
            };

            /**
             * Creates a plain object from a UsageBatch message. Also converts values to other types if specified.
             * @function toObject
             * @memberof gpuwatch.v1.UsageBatch
             * @static
             * @param {gpuwatch.v1.UsageBatch} message UsageBatch
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            UsageBatch.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.segments = [];
                if (options.defaults)
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, true).toBigInt();
                    else if (typeof message.seq === "number")
                        object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                    else
                        object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber(true) : message.seq;
                if (message.segments && message.segments.length) {
                    object.segments = $Array(message.segments.length);
                    for (let j = 0; j < message.segments.length; ++j)
                        object.segments[j] = $root.gpuwatch.v1.UsageSegment.toObject(message.segments[j], options, _depth + 1);
                }
                return object;
            };

            /**
             * Converts this UsageBatch to JSON.
             * @function toJSON
             * @memberof gpuwatch.v1.UsageBatch
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            UsageBatch.prototype.toJSON = function() {
                return UsageBatch.toObject(this, $protobuf.util.toJSONOptions);
            };

            return UsageBatch;
        })();

        v1.UsageSegment = (function() {

            /**
             * Properties of a UsageSegment.
             * @typedef {Object} gpuwatch.v1.UsageSegment.$Properties
             * @property {string|null} [tenant_id] UsageSegment tenant_id
             * @property {string|null} [allocation_id] UsageSegment allocation_id
             * @property {Array.<string>|null} [gpu_uuids] UsageSegment gpu_uuids
             * @property {number|null} [start_unix_ms] UsageSegment start_unix_ms
             * @property {number|null} [end_unix_ms] UsageSegment end_unix_ms
             * @property {number|null} [gpu_utilization] UsageSegment gpu_utilization
             * @property {number|null} [memory_used_bytes] UsageSegment memory_used_bytes
             * @property {string|null} [source] UsageSegment source
             * @property {string|null} [workload_fingerprint] UsageSegment workload_fingerprint
             * @property {Object.<string,string>|null} [labels] UsageSegment labels
             * @property {Array.<number>|null} [gpu_shares] UsageSegment gpu_shares
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a UsageSegment.
             * @memberof gpuwatch.v1
             * @interface IUsageSegment
             * @augments gpuwatch.v1.UsageSegment.$Properties
             * @deprecated Use gpuwatch.v1.UsageSegment.$Properties instead.
             */

            /**
             * Shape of a UsageSegment.
             * @typedef {gpuwatch.v1.UsageSegment.$Properties} gpuwatch.v1.UsageSegment.$Shape
             */

            /**
             * Constructs a new UsageSegment.
             * @memberof gpuwatch.v1
             * @classdesc Represents a UsageSegment.
             * @constructor
             * @param {gpuwatch.v1.UsageSegment.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const UsageSegment = function (properties) {
                this.gpu_uuids = [];
                this.labels = {};
                this.gpu_shares = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * UsageSegment tenant_id.
             * @member {string} tenant_id
             * @memberof gpuwatch.v1.UsageSegment
             * @instance
             */
            UsageSegment.prototype.tenant_id = "";

            /**
             * UsageSegment allocation_id.
             * @member {string} allocation_id
             * @memberof gpuwatch.v1.UsageSegment
             * @instance
             */
            UsageSegment.prototype.allocation_id = "";

            /**
             * UsageSegment gpu_uuids.
             * @member {Array.<string>} gpu_uuids
             * @memberof gpuwatch.v1.UsageSegment
             * @instance
             */
            UsageSegment.prototype.gpu_uuids = $util.emptyArray;

            /**
             * UsageSegment start_unix_ms.
             * @member {number} start_unix_ms
             * @memberof gpuwatch.v1.UsageSegment
             * @instance
             */
            UsageSegment.prototype.start_unix_ms = 0;

            /**
             * UsageSegment end_unix_ms.
             * @member {number} end_unix_ms
             * @memberof gpuwatch.v1.UsageSegment
             * @instance
             */
            UsageSegment.prototype.end_unix_ms = 0;

            /**
             * UsageSegment gpu_utilization.
             * @member {number|null|undefined} gpu_utilization
             * @memberof gpuwatch.v1.UsageSegment
             * @instance
             */
            UsageSegment.prototype.gpu_utilization = null;

            /**
             * UsageSegment memory_used_bytes.
             * @member {number|null|undefined} memory_used_bytes
             * @memberof gpuwatch.v1.UsageSegment
             * @instance
             */
            UsageSegment.prototype.memory_used_bytes = null;

            /**
             * UsageSegment source.
             * @member {string} source
             * @memberof gpuwatch.v1.UsageSegment
             * @instance
             */
            UsageSegment.prototype.source = "";

            /**
             * UsageSegment workload_fingerprint.
             * @member {string} workload_fingerprint
             * @memberof gpuwatch.v1.UsageSegment
             * @instance
             */
            UsageSegment.prototype.workload_fingerprint = "";

            /**
             * UsageSegment labels.
             * @member {Object.<string,string>} labels
             * @memberof gpuwatch.v1.UsageSegment
             * @instance
             */
            UsageSegment.prototype.labels = $util.emptyObject;

            /**
             * UsageSegment gpu_shares.
             * @member {Array.<number>} gpu_shares
             * @memberof gpuwatch.v1.UsageSegment
             * @instance
             */
            UsageSegment.prototype.gpu_shares = $util.emptyArray;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(UsageSegment.prototype, "_gpu_utilization", {
                get: $util.oneOfGetter($oneOfFields = ["gpu_utilization"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(UsageSegment.prototype, "_memory_used_bytes", {
                get: $util.oneOfGetter($oneOfFields = ["memory_used_bytes"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified UsageSegment message. Does not implicitly {@link gpuwatch.v1.UsageSegment.verify|verify} messages.
             * @function encode
             * @memberof gpuwatch.v1.UsageSegment
             * @static
             * @param {gpuwatch.v1.UsageSegment.$Properties} message UsageSegment message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            UsageSegment.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.tenant_id != null && $Object.hasOwnProperty.call(message, "tenant_id") && message.tenant_id !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.tenant_id);
                if (message.allocation_id != null && $Object.hasOwnProperty.call(message, "allocation_id") && message.allocation_id !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.allocation_id);
                if (message.gpu_uuids != null && message.gpu_uuids.length)
                    for (let i = 0; i < message.gpu_uuids.length; ++i)
                        writer.uint32(/* id 3, wireType 2 =*/26).string(message.gpu_uuids[i]);
                if (message.start_unix_ms != null && $Object.hasOwnProperty.call(message, "start_unix_ms") && (typeof message.start_unix_ms === "object" ? message.start_unix_ms.low || message.start_unix_ms.high : message.start_unix_ms !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.start_unix_ms);
                if (message.end_unix_ms != null && $Object.hasOwnProperty.call(message, "end_unix_ms") && (typeof message.end_unix_ms === "object" ? message.end_unix_ms.low || message.end_unix_ms.high : message.end_unix_ms !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).int64(message.end_unix_ms);
                if (message.gpu_utilization != null && $Object.hasOwnProperty.call(message, "gpu_utilization"))
                    writer.uint32(/* id 6, wireType 1 =*/49).double(message.gpu_utilization);
                if (message.memory_used_bytes != null && $Object.hasOwnProperty.call(message, "memory_used_bytes"))
                    writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.memory_used_bytes);
                if (message.source != null && $Object.hasOwnProperty.call(message, "source") && message.source !== "")
                    writer.uint32(/* id 8, wireType 2 =*/66).string(message.source);
                if (message.workload_fingerprint != null && $Object.hasOwnProperty.call(message, "workload_fingerprint") && message.workload_fingerprint !== "")
                    writer.uint32(/* id 9, wireType 2 =*/74).string(message.workload_fingerprint);
                if (message.labels != null && $Object.hasOwnProperty.call(message, "labels"))
                    for (let keys = $Object.keys(message.labels), i = 0; i < keys.length; ++i)
                        writer.uint32(/* id 10, wireType 2 =*/82).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 2 =*/18).string(message.labels[keys[i]]).ldelim();
                if (message.gpu_shares != null && message.gpu_shares.length)
                    writer.uint32(/* id 11, wireType 2 =*/90).doubles(message.gpu_shares);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a UsageSegment message from the specified reader or buffer.
             * @function decode
             * @memberof gpuwatch.v1.UsageSegment
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gpuwatch.v1.UsageSegment & gpuwatch.v1.UsageSegment.$Shape} UsageSegment
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            UsageSegment.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, key, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gpuwatch.v1.UsageSegment();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.tenant_id = value;
                            else
                                delete message.tenant_id;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.allocation_id = value;
                            else
                                delete message.allocation_id;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.gpu_uuids && message.gpu_uuids.length))
                                message.gpu_uuids = [];
                            message.gpu_uuids.push(reader.stringVerify());
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.start_unix_ms = value;
                            else
                                delete message.start_unix_ms;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.end_unix_ms = value;
                            else
                                delete message.end_unix_ms;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 1)
                                break;
                            message.gpu_utilization = reader.double();
                            message._gpu_utilization = "gpu_utilization";
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            message.memory_used_bytes = reader.uint64();
                            message._memory_used_bytes = "memory_used_bytes";
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.source = value;
                            else
                                delete message.source;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.workload_fingerprint = value;
                            else
                                delete message.workload_fingerprint;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            if (message.labels === $util.emptyObject)
                                message.labels = {};
                            let end2 = reader.size() + reader.pos;
                            if (end2 > reader.len)
                                throw $RangeError("index out of range");
                            reader.len = end2;
                            key = "";
                            value = "";
                            while (reader.pos < end2) {
                                let tag2 = reader.tag();
                                wireType = tag2 & 7;
                                switch (tag2 >>>= 3) {
                                case 1:
                                    if (wireType !== 2)
                                        break;
                                    key = reader.stringVerify();
                                    continue;
                                case 2:
                                    if (wireType !== 2)
                                        break;
                                    value = reader.stringVerify();
                                    continue;
                                }
                                reader.skipType(wireType, _depth, tag2);
                            }
                            if (reader.pos !== end2)
                                throw $RangeError("index out of range");
                            reader.len = end;
                            if (key === "__proto__")
                                $util.makeProp(message.labels, key);
                            message.labels[key] = value;
                            continue;
                        }
                    case 11: {
                            if (wireType === 2) {
                                if (!(message.gpu_shares && message.gpu_shares.length))
                                    message.gpu_shares = [];
                                reader.doubles(message.gpu_shares);
                                continue;
                            }
                            if (wireType !== 1)
                                break;
                            if (!(message.gpu_shares && message.gpu_shares.length))
                                message.gpu_shares = [];
                            message.gpu_shares.push(reader.double());
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a UsageSegment message.
             * @function verify
             * @memberof gpuwatch.v1.UsageSegment
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            UsageSegment.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                let properties = {};
                if (message.tenant_id != null && $Object.hasOwnProperty.call(message, "tenant_id"))
                    if (!$util.isString(message.tenant_id))
                        return "tenant_id: string expected";
                if (message.allocation_id != null && $Object.hasOwnProperty.call(message, "allocation_id"))
                    if (!$util.isString(message.allocation_id))
                        return "allocation_id: string expected";
                if (message.gpu_uuids != null && $Object.hasOwnProperty.call(message, "gpu_uuids")) {
                    if (!$Array.isArray(message.gpu_uuids))
                        return "gpu_uuids: array expected";
                    for (let i = 0; i < message.gpu_uuids.length; ++i)
                        if (!$util.isString(message.gpu_uuids[i]))
                            return "gpu_uuids: string[] expected";
                }
                if (message.start_unix_ms != null && $Object.hasOwnProperty.call(message, "start_unix_ms"))
                    if (!$util.isInteger(message.start_unix_ms) && !(message.start_unix_ms && $util.isInteger(message.start_unix_ms.low) && $util.isInteger(message.start_unix_ms.high)))
                        return "start_unix_ms: integer|Long expected";
                if (message.end_unix_ms != null && $Object.hasOwnProperty.call(message, "end_unix_ms"))
                    if (!$util.isInteger(message.end_unix_ms) && !(message.end_unix_ms && $util.isInteger(message.end_unix_ms.low) && $util.isInteger(message.end_unix_ms.high)))
                        return "end_unix_ms: integer|Long expected";
                if (message.gpu_utilization != null && $Object.hasOwnProperty.call(message, "gpu_utilization")) {
                    properties._gpu_utilization = 1;
                    if (typeof message.gpu_utilization !== "number")
                        return "gpu_utilization: number expected";
                }
                if (message.memory_used_bytes != null && $Object.hasOwnProperty.call(message, "memory_used_bytes")) {
                    properties._memory_used_bytes = 1;
                    if (!$util.isInteger(message.memory_used_bytes) && !(message.memory_used_bytes && $util.isInteger(message.memory_used_bytes.low) && $util.isInteger(message.memory_used_bytes.high)))
                        return "memory_used_bytes: integer|Long expected";
                }
                if (message.source != null && $Object.hasOwnProperty.call(message, "source"))
                    if (!$util.isString(message.source))
                        return "source: string expected";
                if (message.workload_fingerprint != null && $Object.hasOwnProperty.call(message, "workload_fingerprint"))
                    if (!$util.isString(message.workload_fingerprint))
                        return "workload_fingerprint: string expected";
                if (message.labels != null && $Object.hasOwnProperty.call(message, "labels")) {
                    if (!$util.isObject(message.labels))
                        return "labels: object expected";
                    let key = $Object.keys(message.labels);
                    for (let i = 0; i < key.length; ++i)
                        if (!$util.isString(message.labels[key[i]]))
                            return "labels: string{k:string} expected";
                }
                if (message.gpu_shares != null && $Object.hasOwnProperty.call(message, "gpu_shares")) {
                    if (!$Array.isArray(message.gpu_shares))
                        return "gpu_shares: array expected";
                    for (let i = 0; i < message.gpu_shares.length; ++i)
                        if (typeof message.gpu_shares[i] !== "number")
                            return "gpu_shares: number[] expected";
                }
                return null;
            };

            /**
             * Creates a UsageSegment message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof gpuwatch.v1.UsageSegment
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {gpuwatch.v1.UsageSegment} UsageSegment
             */
            UsageSegment.fromObject = function (object, _depth) {
                if (object instanceof $root.gpuwatch.v1.UsageSegment)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".gpuwatch.v1.UsageSegment: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.gpuwatch.v1.UsageSegment();
                if (object.tenant_id != null)
                    if (typeof object.tenant_id !== "string" || object.tenant_id.length)
                        message.tenant_id = $String(object.tenant_id);
                if (object.allocation_id != null)
                    if (typeof object.allocation_id !== "string" || object.allocation_id.length)
                        message.allocation_id = $String(object.allocation_id);
                if (object.gpu_uuids) {
                    if (!$Array.isArray(object.gpu_uuids))
                        throw $TypeError(".gpuwatch.v1.UsageSegment.gpu_uuids: array expected");
                    message.gpu_uuids = $Array(object.gpu_uuids.length);
                    for (let i = 0; i < object.gpu_uuids.length; ++i)
                        message.gpu_uuids[i] = $String(object.gpu_uuids[i]);
                }
                if (object.start_unix_ms != null)
                    if (typeof object.start_unix_ms === "object" ? object.start_unix_ms.low || object.start_unix_ms.high : $Number(object.start_unix_ms) !== 0)
                        if ($util.Long)
                            message.start_unix_ms = $util.Long.fromValue(object.start_unix_ms, false);
                        else if (typeof object.start_unix_ms === "string")
                            message.start_unix_ms = $parseInt(object.start_unix_ms, 10);
                        else if (typeof object.start_unix_ms === "number")
                            message.start_unix_ms = object.start_unix_ms;
                        else if (typeof object.start_unix_ms === "object")
                            message.start_unix_ms = new $util.LongBits(object.start_unix_ms.low >>> 0, object.start_unix_ms.high >>> 0).toNumber();
                if (object.end_unix_ms != null)
                    if (typeof object.end_unix_ms === "object" ? object.end_unix_ms.low || object.end_unix_ms.high : $Number(object.end_unix_ms) !== 0)
                        if ($util.Long)
                            message.end_unix_ms = $util.Long.fromValue(object.end_unix_ms, false);
                        else if (typeof object.end_unix_ms === "string")
                            message.end_unix_ms = $parseInt(object.end_unix_ms, 10);
                        else if (typeof object.end_unix_ms === "number")
                            message.end_unix_ms = object.end_unix_ms;
                        else if (typeof object.end_unix_ms === "object")
                            message.end_unix_ms = new $util.LongBits(object.end_unix_ms.low >>> 0, object.end_unix_ms.high >>> 0).toNumber();
                if (object.gpu_utilization != null)
                    message.gpu_utilization = $Number(object.gpu_utilization);
                if (object.memory_used_bytes != null)
                    if ($util.Long)
                        message.memory_used_bytes = $util.Long.fromValue(object.memory_used_bytes, true);
                    else if (typeof object.memory_used_bytes === "string")
                        message.memory_used_bytes = $parseInt(object.memory_used_bytes, 10);
                    else if (typeof object.memory_used_bytes === "number")
                        message.memory_used_bytes = object.memory_used_bytes;
                    else if (typeof object.memory_used_bytes === "object")
                        message.memory_used_bytes = new $util.LongBits(object.memory_used_bytes.low >>> 0, object.memory_used_bytes.high >>> 0).toNumber(true);
                if (object.source != null)
                    if (typeof object.source !== "string" || object.source.length)
                        message.source = $String(object.source);
                if (object.workload_fingerprint != null)
                    if (typeof object.workload_fingerprint !== "string" || object.workload_fingerprint.length)
                        message.workload_fingerprint = $String(object.workload_fingerprint);
                if (object.labels) {
                    if (!$util.isObject(object.labels))
                        throw $TypeError(".gpuwatch.v1.UsageSegment.labels: object expected");
                    message.labels = {};
                    for (let keys = $Object.keys(object.labels), i = 0; i < keys.length; ++i) {
                        if (keys[i] === "__proto__")
                            $util.makeProp(message.labels, keys[i]);
                        message.labels[keys[i]] = $String(object.labels[keys[i]]);
                    }
                }
                if (object.gpu_shares) {
                    if (!$Array.isArray(object.gpu_shares))
                        throw $TypeError(".gpuwatch.v1.UsageSegment.gpu_shares: array expected");
                    message.gpu_shares = $Array(object.gpu_shares.length);
                    for (let i = 0; i < object.gpu_shares.length; ++i)
                        message.gpu_shares[i] = $Number(object.gpu_shares[i]);
                }
                return message;
            };

            /**
             * Creates a plain object from a UsageSegment message. Also converts values to other types if specified.
             * @function toObject
             * @memberof gpuwatch.v1.UsageSegment
             * @static
             * @param {gpuwatch.v1.UsageSegment} message UsageSegment
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            UsageSegment.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults) {
                    object.gpu_uuids = [];
                    object.gpu_shares = [];
                }
                if (options.objects || options.defaults)
                    object.labels = {};
                if (options.defaults) {
                    object.tenant_id = "";
                    object.allocation_id = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.start_unix_ms = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.start_unix_ms = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.end_unix_ms = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.end_unix_ms = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.source = "";
                    object.workload_fingerprint = "";
                }
                if (message.tenant_id != null && $Object.hasOwnProperty.call(message, "tenant_id"))
                    object.tenant_id = message.tenant_id;
                if (message.allocation_id != null && $Object.hasOwnProperty.call(message, "allocation_id"))
                    object.allocation_id = message.allocation_id;
                if (message.gpu_uuids && message.gpu_uuids.length) {
                    object.gpu_uuids = $Array(message.gpu_uuids.length);
                    for (let j = 0; j < message.gpu_uuids.length; ++j)
                        object.gpu_uuids[j] = message.gpu_uuids[j];
                }
                if (message.start_unix_ms != null && $Object.hasOwnProperty.call(message, "start_unix_ms"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.start_unix_ms = typeof message.start_unix_ms === "number" ? $BigInt(message.start_unix_ms) : $util.Long.fromBits(message.start_unix_ms.low >>> 0, message.start_unix_ms.high >>> 0, false).toBigInt();
                    else if (typeof message.start_unix_ms === "number")
                        object.start_unix_ms = options.longs === $String ? $String(message.start_unix_ms) : message.start_unix_ms;
                    else
                        object.start_unix_ms = options.longs === $String ? $util.Long.prototype.toString.call(message.start_unix_ms) : options.longs === $Number ? new $util.LongBits(message.start_unix_ms.low >>> 0, message.start_unix_ms.high >>> 0).toNumber() : message.start_unix_ms;
                if (message.end_unix_ms != null && $Object.hasOwnProperty.call(message, "end_unix_ms"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.end_unix_ms = typeof message.end_unix_ms === "number" ? $BigInt(message.end_unix_ms) : $util.Long.fromBits(message.end_unix_ms.low >>> 0, message.end_unix_ms.high >>> 0, false).toBigInt();
                    else if (typeof message.end_unix_ms === "number")
                        object.end_unix_ms = options.longs === $String ? $String(message.end_unix_ms) : message.end_unix_ms;
                    else
                        object.end_unix_ms = options.longs === $String ? $util.Long.prototype.toString.call(message.end_unix_ms) : options.longs === $Number ? new $util.LongBits(message.end_unix_ms.low >>> 0, message.end_unix_ms.high >>> 0).toNumber() : message.end_unix_ms;
                if (message.gpu_utilization != null && $Object.hasOwnProperty.call(message, "gpu_utilization"))
                    object.gpu_utilization = options.json && !$isFinite(message.gpu_utilization) ? $String(message.gpu_utilization) : message.gpu_utilization;
                if (message.memory_used_bytes != null && $Object.hasOwnProperty.call(message, "memory_used_bytes"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.memory_used_bytes = typeof message.memory_used_bytes === "number" ? $BigInt(message.memory_used_bytes) : $util.Long.fromBits(message.memory_used_bytes.low >>> 0, message.memory_used_bytes.high >>> 0, true).toBigInt();
                    else if (typeof message.memory_used_bytes === "number")
                        object.memory_used_bytes = options.longs === $String ? $String(message.memory_used_bytes) : message.memory_used_bytes;
                    else
                        object.memory_used_bytes = options.longs === $String ? $util.Long.prototype.toString.call(message.memory_used_bytes) : options.longs === $Number ? new $util.LongBits(message.memory_used_bytes.low >>> 0, message.memory_used_bytes.high >>> 0).toNumber(true) : message.memory_used_bytes;
                if (message.source != null && $Object.hasOwnProperty.call(message, "source"))
                    object.source = message.source;
                if (message.workload_fingerprint != null && $Object.hasOwnProperty.call(message, "workload_fingerprint"))
                    object.workload_fingerprint = message.workload_fingerprint;
                let keys2;
                if (message.labels && (keys2 = $Object.keys(message.labels)).length) {
                    object.labels = {};
                    for (let j = 0; j < keys2.length; ++j) {
                        if (keys2[j] === "__proto__")
                            $util.makeProp(object.labels, keys2[j]);
                        object.labels[keys2[j]] = message.labels[keys2[j]];
                    }
                }
                if (message.gpu_shares && message.gpu_shares.length) {
                    object.gpu_shares = $Array(message.gpu_shares.length);
                    for (let j = 0; j < message.gpu_shares.length; ++j)
                        object.gpu_shares[j] = options.json && !$isFinite(message.gpu_shares[j]) ? $String(message.gpu_shares[j]) : message.gpu_shares[j];
                }
                return object;
            };

            /**
             * Converts this UsageSegment to JSON.
             * @function toJSON
             * @memberof gpuwatch.v1.UsageSegment
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            UsageSegment.prototype.toJSON = function() {
                return UsageSegment.toObject(this, $protobuf.util.toJSONOptions);
            };

            return UsageSegment;
        })();

        v1.CollectorMessage = (function() {

            /**
             * Properties of a CollectorMessage.
             * @typedef {Object} gpuwatch.v1.CollectorMessage.$Properties
             * @property {gpuwatch.v1.Ack.$Properties|null} [ack] CollectorMessage ack
             * @property {"ack"} [msg] CollectorMessage msg
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a CollectorMessage.
             * @memberof gpuwatch.v1
             * @interface ICollectorMessage
             * @augments gpuwatch.v1.CollectorMessage.$Properties
             * @deprecated Use gpuwatch.v1.CollectorMessage.$Properties instead.
             */

            /**
             * Narrowed shape of a CollectorMessage.
             * @typedef {{
             *   ack?: gpuwatch.v1.Ack.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ msg?: undefined; ack?: null }|{ msg?: "ack"; ack: gpuwatch.v1.Ack.$Shape })
             * )} gpuwatch.v1.CollectorMessage.$Shape
             */

            /**
             * Constructs a new CollectorMessage.
             * @memberof gpuwatch.v1
             * @classdesc Represents a CollectorMessage.
             * @constructor
             * @param {gpuwatch.v1.CollectorMessage.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const CollectorMessage = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * CollectorMessage ack.
             * @member {gpuwatch.v1.Ack.$Properties|null|undefined} ack
             * @memberof gpuwatch.v1.CollectorMessage
             * @instance
             */
            CollectorMessage.prototype.ack = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * CollectorMessage msg.
             * @member {"ack"|undefined} msg
             * @memberof gpuwatch.v1.CollectorMessage
             * @instance
             */
            $Object.defineProperty(CollectorMessage.prototype, "msg", {
                get: $util.oneOfGetter($oneOfFields = ["ack"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Encodes the specified CollectorMessage message. Does not implicitly {@link gpuwatch.v1.CollectorMessage.verify|verify} messages.
             * @function encode
             * @memberof gpuwatch.v1.CollectorMessage
             * @static
             * @param {gpuwatch.v1.CollectorMessage.$Properties} message CollectorMessage message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CollectorMessage.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.ack != null && $Object.hasOwnProperty.call(message, "ack"))
                    $root.gpuwatch.v1.Ack.encode(message.ack, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a CollectorMessage message from the specified reader or buffer.
             * @function decode
             * @memberof gpuwatch.v1.CollectorMessage
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gpuwatch.v1.CollectorMessage & gpuwatch.v1.CollectorMessage.$Shape} CollectorMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CollectorMessage.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gpuwatch.v1.CollectorMessage();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.ack = $root.gpuwatch.v1.Ack.decode(reader, reader.size(), $undefined, _depth + 1, message.ack);
                            message.msg = "ack";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a CollectorMessage message.
             * @function verify
             * @memberof gpuwatch.v1.CollectorMessage
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            CollectorMessage.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                let properties = {};
                if (message.ack != null && $Object.hasOwnProperty.call(message, "ack")) {
                    properties.msg = 1;
                    {
                        let error = $root.gpuwatch.v1.Ack.verify(message.ack, _depth + 1);
                        if (error)
                            return "ack." + error;
                    }
                }
                return null;
            };

            /**
             * Creates a CollectorMessage message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof gpuwatch.v1.CollectorMessage
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {gpuwatch.v1.CollectorMessage} CollectorMessage
             */
            CollectorMessage.fromObject = function (object, _depth) {
                if (object instanceof $root.gpuwatch.v1.CollectorMessage)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".gpuwatch.v1.CollectorMessage: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.gpuwatch.v1.CollectorMessage();
                if (object.ack != null) {
                    if (!$util.isObject(object.ack))
                        throw $TypeError(".gpuwatch.v1.CollectorMessage.ack: object expected");
                    message.ack = $root.gpuwatch.v1.Ack.fromObject(object.ack, _depth + 1);
                }
                return message;
            };

            /**
             * Creates a plain object from a CollectorMessage message. Also converts values to other types if specified.
             * @function toObject
             * @memberof gpuwatch.v1.CollectorMessage
             * @static
             * @param {gpuwatch.v1.CollectorMessage} message CollectorMessage
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            CollectorMessage.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (message.ack != null && $Object.hasOwnProperty.call(message, "ack")) {
                    object.ack = $root.gpuwatch.v1.Ack.toObject(message.ack, options, _depth + 1);
                    if (options.oneofs)
                        object.msg = "ack";
                }
                return object;
            };

            /**
             * Converts this CollectorMessage to JSON.
             * @function toJSON
             * @memberof gpuwatch.v1.CollectorMessage
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            CollectorMessage.prototype.toJSON = function() {
                return CollectorMessage.toObject(this, $protobuf.util.toJSONOptions);
            };

            return CollectorMessage;
        })();

        v1.Ack = (function() {

            /**
             * Properties of an Ack.
             * @typedef {Object} gpuwatch.v1.Ack.$Properties
             * @property {number|null} [seq] Ack seq
             * @property {number|null} [accepted] Ack accepted
             * @property {Array.<gpuwatch.v1.Rejection.$Properties>|null} [rejected] Ack rejected
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Ack.
             * @memberof gpuwatch.v1
             * @interface IAck
             * @augments gpuwatch.v1.Ack.$Properties
             * @deprecated Use gpuwatch.v1.Ack.$Properties instead.
             */

            /**
             * Shape of an Ack.
             * @typedef {gpuwatch.v1.Ack.$Properties} gpuwatch.v1.Ack.$Shape
             */

            /**
             * Constructs a new Ack.
             * @memberof gpuwatch.v1
             * @classdesc Represents an Ack.
             * @constructor
             * @param {gpuwatch.v1.Ack.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Ack = function (properties) {
                this.rejected = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Ack seq.
             * @member {number} seq
             * @memberof gpuwatch.v1.Ack
             * @instance
             */
            Ack.prototype.seq = 0;

            /**
             * Ack accepted.
             * @member {number} accepted
             * @memberof gpuwatch.v1.Ack
             * @instance
             */
            Ack.prototype.accepted = 0;

            /**
             * Ack rejected.
             * @member {Array.<gpuwatch.v1.Rejection.$Properties>} rejected
             * @memberof gpuwatch.v1.Ack
             * @instance
             */
            Ack.prototype.rejected = $util.emptyArray;

            /**
             * Encodes the specified Ack message. Does not implicitly {@link gpuwatch.v1.Ack.verify|verify} messages.
             * @function encode
             * @memberof gpuwatch.v1.Ack
             * @static
             * @param {gpuwatch.v1.Ack.$Properties} message Ack message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Ack.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seq);
                if (message.accepted != null && $Object.hasOwnProperty.call(message, "accepted") && message.accepted !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.accepted);
                if (message.rejected != null && message.rejected.length)
                    for (let i = 0; i < message.rejected.length; ++i)
                        $root.gpuwatch.v1.Rejection.encode(message.rejected[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Ack message from the specified reader or buffer.
             * @function decode
             * @memberof gpuwatch.v1.Ack
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gpuwatch.v1.Ack & gpuwatch.v1.Ack.$Shape} Ack
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Ack.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gpuwatch.v1.Ack();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.accepted = value;
                            else
                                delete message.accepted;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.rejected && message.rejected.length))
                                message.rejected = [];
                            message.rejected.push($root.gpuwatch.v1.Rejection.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies an Ack message.
             * @function verify
             * @memberof gpuwatch.v1.Ack
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Ack.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    if (!$util.isInteger(message.seq) && !(message.seq && $util.isInteger(message.seq.low) && $util.isInteger(message.seq.high)))
                        return "seq: integer|Long expected";
                if (message.accepted != null && $Object.hasOwnProperty.call(message, "accepted"))
                    if (!$util.isInteger(message.accepted))
                        return "accepted: integer expected";
                if (message.rejected != null && $Object.hasOwnProperty.call(message, "rejected")) {
                    if (!$Array.isArray(message.rejected))
                        return "rejected: array expected";
                    for (let i = 0; i < message.rejected.length; ++i) {
                        let error = $root.gpuwatch.v1.Rejection.verify(message.rejected[i], _depth + 1);
                        if (error)
                            return "rejected." + error;
                    }
                }
                return null;
            };

            /**
             * Creates an Ack message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof gpuwatch.v1.Ack
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {gpuwatch.v1.Ack} Ack
             */
            Ack.fromObject = function (object, _depth) {
                if (object instanceof $root.gpuwatch.v1.Ack)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".gpuwatch.v1.Ack: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.gpuwatch.v1.Ack();
                if (object.seq != null)
                    if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                        if ($util.Long)
                            message.seq = $util.Long.fromValue(object.seq, true);
                        else if (typeof object.seq === "string")
                            message.seq = $parseInt(object.seq, 10);
                        else if (typeof object.seq === "number")
                            message.seq = object.seq;
                        else if (typeof object.seq === "object")
                            message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber(true);
                if (object.accepted != null)
                    if ($Number(object.accepted) !== 0)
                        message.accepted = object.accepted >>> 0;
                if (object.rejected) {
                    if (!$Array.isArray(object.rejected))
                        throw $TypeError(".gpuwatch.v1.Ack.rejected: array expected");
                    message.rejected = $Array(object.rejected.length);
                    for (let i = 0; i < object.rejected.length; ++i) {
                        if (!$util.isObject(object.rejected[i]))
                            throw $TypeError(".gpuwatch.v1.Ack.rejected: object expected");
                        message.rejected[i] = $root.gpuwatch.v1.Rejection.fromObject(object.rejected[i], _depth + 1);
                    }
                }
                return message;
            };

            /**
             * Creates a plain object from an Ack message. Also converts values to other types if specified.
             * @function toObject
             * @memberof gpuwatch.v1.Ack
             * @static
             * @param {gpuwatch.v1.Ack} message Ack
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Ack.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.rejected = [];
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.accepted = 0;
                }
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, true).toBigInt();
                    else if (typeof message.seq === "number")
                        object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                    else
                        object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber(true) : message.seq;
                if (message.accepted != null && $Object.hasOwnProperty.call(message, "accepted"))
                    object.accepted = message.accepted;
                if (message.rejected && message.rejected.length) {
                    object.rejected = $Array(message.rejected.length);
                    for (let j = 0; j < message.rejected.length; ++j)
                        object.rejected[j] = $root.gpuwatch.v1.Rejection.toObject(message.rejected[j], options, _depth + 1);
                }
                return object;
            };

            /**
             * Converts this Ack to JSON.
             * @function toJSON
             * @memberof gpuwatch.v1.Ack
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Ack.prototype.toJSON = function() {
                return Ack.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Ack;
        })();

        v1.Rejection = (function() {

            /**
             * Properties of a Rejection.
             * @typedef {Object} gpuwatch.v1.Rejection.$Properties
             * @property {number|null} [index] Rejection index
             * @property {string|null} [field] Rejection field
             * @property {string|null} [reason] Rejection reason
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Rejection.
             * @memberof gpuwatch.v1
             * @interface IRejection
             * @augments gpuwatch.v1.Rejection.$Properties
             * @deprecated Use gpuwatch.v1.Rejection.$Properties instead.
             */

            /**
             * Shape of a Rejection.
             * @typedef {gpuwatch.v1.Rejection.$Properties} gpuwatch.v1.Rejection.$Shape
             */

            /**
             * Constructs a new Rejection.
             * @memberof gpuwatch.v1
             * @classdesc Represents a Rejection.
             * @constructor
             * @param {gpuwatch.v1.Rejection.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Rejection = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Rejection index.
             * @member {number} index
             * @memberof gpuwatch.v1.Rejection
             * @instance
             */
            Rejection.prototype.index = 0;

            /**
             * Rejection field.
             * @member {string} field
             * @memberof gpuwatch.v1.Rejection
             * @instance
             */
            Rejection.prototype.field = "";

            /**
             * Rejection reason.
             * @member {string} reason
             * @memberof gpuwatch.v1.Rejection
             * @instance
             */
            Rejection.prototype.reason = "";

            /**
             * Encodes the specified Rejection message. Does not implicitly {@link gpuwatch.v1.Rejection.verify|verify} messages.
             * @function encode
             * @memberof gpuwatch.v1.Rejection
             * @static
             * @param {gpuwatch.v1.Rejection.$Properties} message Rejection message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Rejection.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.index != null && $Object.hasOwnProperty.call(message, "index") && message.index !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.index);
                if (message.field != null && $Object.hasOwnProperty.call(message, "field") && message.field !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.field);
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.reason);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Rejection message from the specified reader or buffer.
             * @function decode
             * @memberof gpuwatch.v1.Rejection
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gpuwatch.v1.Rejection & gpuwatch.v1.Rejection.$Shape} Rejection
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Rejection.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gpuwatch.v1.Rejection();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.index = value;
                            else
                                delete message.index;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.field = value;
                            else
                                delete message.field;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.reason = value;
                            else
                                delete message.reason;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a Rejection message.
             * @function verify
             * @memberof gpuwatch.v1.Rejection
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Rejection.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.index != null && $Object.hasOwnProperty.call(message, "index"))
                    if (!$util.isInteger(message.index))
                        return "index: integer expected";
                if (message.field != null && $Object.hasOwnProperty.call(message, "field"))
                    if (!$util.isString(message.field))
                        return "field: string expected";
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    if (!$util.isString(message.reason))
                        return "reason: string expected";
                return null;
            };

            /**
             * Creates a Rejection message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof gpuwatch.v1.Rejection
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {gpuwatch.v1.Rejection} Rejection
             */
            Rejection.fromObject = function (object, _depth) {
                if (object instanceof $root.gpuwatch.v1.Rejection)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".gpuwatch.v1.Rejection: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.gpuwatch.v1.Rejection();
                if (object.index != null)
                    if ($Number(object.index) !== 0)
                        message.index = object.index >>> 0;
                if (object.field != null)
                    if (typeof object.field !== "string" || object.field.length)
                        message.field = $String(object.field);
                if (object.reason != null)
                    if (typeof object.reason !== "string" || object.reason.length)
                        message.reason = $String(object.reason);
                return message;
            };

            /**
             * Creates a plain object from a Rejection message. Also converts values to other types if specified.
             * @function toObject
             * @memberof gpuwatch.v1.Rejection
             * @static
             * @param {gpuwatch.v1.Rejection} message Rejection
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Rejection.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.index = 0;
                    object.field = "";
                    object.reason = "";
                }
                if (message.index != null && $Object.hasOwnProperty.call(message, "index"))
                    object.index = message.index;
                if (message.field != null && $Object.hasOwnProperty.call(message, "field"))
                    object.field = message.field;
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    object.reason = message.reason;
                return object;
            };

            /**
             * Converts this Rejection to JSON.
             * @function toJSON
             * @memberof gpuwatch.v1.Rejection
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Rejection.prototype.toJSON = function() {
                return Rejection.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Rejection;
        })();

        v1.UpsertTenantsRequest = (function() {

            /**
             * Properties of an UpsertTenantsRequest.
             * @typedef {Object} gpuwatch.v1.UpsertTenantsRequest.$Properties
             * @property {Array.<gpuwatch.v1.Tenant.$Properties>|null} [tenants] UpsertTenantsRequest tenants
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an UpsertTenantsRequest.
             * @memberof gpuwatch.v1
             * @interface IUpsertTenantsRequest
             * @augments gpuwatch.v1.UpsertTenantsRequest.$Properties
             * @deprecated Use gpuwatch.v1.UpsertTenantsRequest.$Properties instead.
             */

            /**
             * Shape of an UpsertTenantsRequest.
             * @typedef {gpuwatch.v1.UpsertTenantsRequest.$Properties} gpuwatch.v1.UpsertTenantsRequest.$Shape
             */

            /**
             * Constructs a new UpsertTenantsRequest.
             * @memberof gpuwatch.v1
             * @classdesc Represents an UpsertTenantsRequest.
             * @constructor
             * @param {gpuwatch.v1.UpsertTenantsRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const UpsertTenantsRequest = function (properties) {
                this.tenants = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * UpsertTenantsRequest tenants.
             * @member {Array.<gpuwatch.v1.Tenant.$Properties>} tenants
             * @memberof gpuwatch.v1.UpsertTenantsRequest
             * @instance
             */
            UpsertTenantsRequest.prototype.tenants = $util.emptyArray;

            /**
             * Encodes the specified UpsertTenantsRequest message. Does not implicitly {@link gpuwatch.v1.UpsertTenantsRequest.verify|verify} messages.
             * @function encode
             * @memberof gpuwatch.v1.UpsertTenantsRequest
             * @static
             * @param {gpuwatch.v1.UpsertTenantsRequest.$Properties} message UpsertTenantsRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            UpsertTenantsRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.tenants != null && message.tenants.length)
                    for (let i = 0; i < message.tenants.length; ++i)
                        $root.gpuwatch.v1.Tenant.encode(message.tenants[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an UpsertTenantsRequest message from the specified reader or buffer.
             * @function decode
             * @memberof gpuwatch.v1.UpsertTenantsRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gpuwatch.v1.UpsertTenantsRequest & gpuwatch.v1.UpsertTenantsRequest.$Shape} UpsertTenantsRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            UpsertTenantsRequest.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gpuwatch.v1.UpsertTenantsRequest();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if (!(message.tenants && message.tenants.length))
                                message.tenants = [];
                            message.tenants.push($root.gpuwatch.v1.Tenant.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies an UpsertTenantsRequest message.
             * @function verify
             * @memberof gpuwatch.v1.UpsertTenantsRequest
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            UpsertTenantsRequest.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.tenants != null && $Object.hasOwnProperty.call(message, "tenants")) {
                    if (!$Array.isArray(message.tenants))
                        return "tenants: array expected";
                    for (let i = 0; i < message.tenants.length; ++i) {
                        let error = $root.gpuwatch.v1.Tenant.verify(message.tenants[i], _depth + 1);
                        if (error)
                            return "tenants." + error;
                    }
                }
                return null;
            };

            /**
             * Creates an UpsertTenantsRequest message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof gpuwatch.v1.UpsertTenantsRequest
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {gpuwatch.v1.UpsertTenantsRequest} UpsertTenantsRequest
             */
            UpsertTenantsRequest.fromObject = function (object, _depth) {
                if (object instanceof $root.gpuwatch.v1.UpsertTenantsRequest)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".gpuwatch.v1.UpsertTenantsRequest: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.gpuwatch.v1.UpsertTenantsRequest();
                if (object.tenants) {
                    if (!$Array.isArray(object.tenants))
                        throw $TypeError(".gpuwatch.v1.UpsertTenantsRequest.tenants: array expected");
                    message.tenants = $Array(object.tenants.length);
                    for (let i = 0; i < object.tenants.length; ++i) {
                        if (!$util.isObject(object.tenants[i]))
                            throw $TypeError(".gpuwatch.v1.UpsertTenantsRequest.tenants: object expected");
                        message.tenants[i] = $root.gpuwatch.v1.Tenant.fromObject(object.tenants[i], _depth + 1);
                    }
                }
                return message;
            };

            /**
             * Creates a plain object from an UpsertTenantsRequest message. Also converts values to other types if specified.
             * @function toObject
             * @memberof gpuwatch.v1.UpsertTenantsRequest
             * @static
             * @param {gpuwatch.v1.UpsertTenantsRequest} message UpsertTenantsRequest
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            UpsertTenantsRequest.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.tenants = [];
                if (message.tenants && message.tenants.length) {
                    object.tenants = $Array(message.tenants.length);
                    for (let j = 0; j < message.tenants.length; ++j)
                        object.tenants[j] = $root.gpuwatch.v1.Tenant.toObject(message.tenants[j], options, _depth + 1);
                }
                return object;
            };

            /**
             * Converts this UpsertTenantsRequest to JSON.
             * @function toJSON
             * @memberof gpuwatch.v1.UpsertTenantsRequest
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            UpsertTenantsRequest.prototype.toJSON = function() {
                return UpsertTenantsRequest.toObject(this, $protobuf.util.toJSONOptions);
            };

            return UpsertTenantsRequest;
        })();

        v1.UpsertTenantsResponse = (function() {

            /**
             * Properties of an UpsertTenantsResponse.
             * @typedef {Object} gpuwatch.v1.UpsertTenantsResponse.$Properties
             * @property {number|null} [upserted] UpsertTenantsResponse upserted
             * @property {Array.<gpuwatch.v1.Rejection.$Properties>|null} [rejected] UpsertTenantsResponse rejected
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an UpsertTenantsResponse.
             * @memberof gpuwatch.v1
             * @interface IUpsertTenantsResponse
             * @augments gpuwatch.v1.UpsertTenantsResponse.$Properties
             * @deprecated Use gpuwatch.v1.UpsertTenantsResponse.$Properties instead.
             */

            /**
             * Shape of an UpsertTenantsResponse.
             * @typedef {gpuwatch.v1.UpsertTenantsResponse.$Properties} gpuwatch.v1.UpsertTenantsResponse.$Shape
             */

            /**
             * Constructs a new UpsertTenantsResponse.
             * @memberof gpuwatch.v1
             * @classdesc Represents an UpsertTenantsResponse.
             * @constructor
             * @param {gpuwatch.v1.UpsertTenantsResponse.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const UpsertTenantsResponse = function (properties) {
                this.rejected = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * UpsertTenantsResponse upserted.
             * @member {number} upserted
             * @memberof gpuwatch.v1.UpsertTenantsResponse
             * @instance
             */
            UpsertTenantsResponse.prototype.upserted = 0;

            /**
             * UpsertTenantsResponse rejected.
             * @member {Array.<gpuwatch.v1.Rejection.$Properties>} rejected
             * @memberof gpuwatch.v1.UpsertTenantsResponse
             * @instance
             */
            UpsertTenantsResponse.prototype.rejected = $util.emptyArray;

            /**
             * Encodes the specified UpsertTenantsResponse message. Does not implicitly {@link gpuwatch.v1.UpsertTenantsResponse.verify|verify} messages.
             * @function encode
             * @memberof gpuwatch.v1.UpsertTenantsResponse
             * @static
             * @param {gpuwatch.v1.UpsertTenantsResponse.$Properties} message UpsertTenantsResponse message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            UpsertTenantsResponse.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.upserted != null && $Object.hasOwnProperty.call(message, "upserted") && message.upserted !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.upserted);
                if (message.rejected != null && message.rejected.length)
                    for (let i = 0; i < message.rejected.length; ++i)
                        $root.gpuwatch.v1.Rejection.encode(message.rejected[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an UpsertTenantsResponse message from the specified reader or buffer.
             * @function decode
             * @memberof gpuwatch.v1.UpsertTenantsResponse
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gpuwatch.v1.UpsertTenantsResponse & gpuwatch.v1.UpsertTenantsResponse.$Shape} UpsertTenantsResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            UpsertTenantsResponse.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gpuwatch.v1.UpsertTenantsResponse();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.upserted = value;
                            else
                                delete message.upserted;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if (!(message.rejected && message.rejected.length))
                                message.rejected = [];
                            message.rejected.push($root.gpuwatch.v1.Rejection.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies an UpsertTenantsResponse message.
             * @function verify
             * @memberof gpuwatch.v1.UpsertTenantsResponse
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            UpsertTenantsResponse.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.upserted != null && $Object.hasOwnProperty.call(message, "upserted"))
                    if (!$util.isInteger(message.upserted))
                        return "upserted: integer expected";
                if (message.rejected != null && $Object.hasOwnProperty.call(message, "rejected")) {
                    if (!$Array.isArray(message.rejected))
                        return "rejected: array expected";
                    for (let i = 0; i < message.rejected.length; ++i) {
                        let error = $root.gpuwatch.v1.Rejection.verify(message.rejected[i], _depth + 1);
                        if (error)
                            return "rejected." + error;
                    }
                }
                return null;
            };

            /**
             * Creates an UpsertTenantsResponse message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof gpuwatch.v1.UpsertTenantsResponse
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {gpuwatch.v1.UpsertTenantsResponse} UpsertTenantsResponse
             */
            UpsertTenantsResponse.fromObject = function (object, _depth) {
                if (object instanceof $root.gpuwatch.v1.UpsertTenantsResponse)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".gpuwatch.v1.UpsertTenantsResponse: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.gpuwatch.v1.UpsertTenantsResponse();
                if (object.upserted != null)
                    if ($Number(object.upserted) !== 0)
                        message.upserted = object.upserted >>> 0;
                if (object.rejected) {
                    if (!$Array.isArray(object.rejected))
                        throw $TypeError(".gpuwatch.v1.UpsertTenantsResponse.rejected: array expected");
                    message.rejected = $Array(object.rejected.length);
                    for (let i = 0; i < object.rejected.length; ++i) {
                        if (!$util.isObject(object.rejected[i]))
                            throw $TypeError(".gpuwatch.v1.UpsertTenantsResponse.rejected: object expected");
                        message.rejected[i] = $root.gpuwatch.v1.Rejection.fromObject(object.rejected[i], _depth + 1);
                    }
                }
                return message;
            };

            /**
             * Creates a plain object from an UpsertTenantsResponse message. Also converts values to other types if specified.
             * @function toObject
             * @memberof gpuwatch.v1.UpsertTenantsResponse
             * @static
             * @param {gpuwatch.v1.UpsertTenantsResponse} message UpsertTenantsResponse
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            UpsertTenantsResponse.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.rejected = [];
                if (options.defaults)
                    object.upserted = 0;
                if (message.upserted != null && $Object.hasOwnProperty.call(message, "upserted"))
                    object.upserted = message.upserted;
                if (message.rejected && message.rejected.length) {
                    object.rejected = $Array(message.rejected.length);
                    for (let j = 0; j < message.rejected.length; ++j)
                        object.rejected[j] = $root.gpuwatch.v1.Rejection.toObject(message.rejected[j], options, _depth + 1);
                }
                return object;
            };

            /**
             * Converts this UpsertTenantsResponse to JSON.
             * @function toJSON
             * @memberof gpuwatch.v1.UpsertTenantsResponse
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            UpsertTenantsResponse.prototype.toJSON = function() {
                return UpsertTenantsResponse.toObject(this, $protobuf.util.toJSONOptions);
            };

            return UpsertTenantsResponse;
        })();

        v1.GetTenantRequest = (function() {

            /**
             * Properties of a GetTenantRequest.
             * @typedef {Object} gpuwatch.v1.GetTenantRequest.$Properties
             * @property {string|null} [tenant_id] GetTenantRequest tenant_id
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a GetTenantRequest.
             * @memberof gpuwatch.v1
             * @interface IGetTenantRequest
             * @augments gpuwatch.v1.GetTenantRequest.$Properties
             * @deprecated Use gpuwatch.v1.GetTenantRequest.$Properties instead.
             */

            /**
             * Shape of a GetTenantRequest.
             * @typedef {gpuwatch.v1.GetTenantRequest.$Properties} gpuwatch.v1.GetTenantRequest.$Shape
             */

            /**
             * Constructs a new GetTenantRequest.
             * @memberof gpuwatch.v1
             * @classdesc Represents a GetTenantRequest.
             * @constructor
             * @param {gpuwatch.v1.GetTenantRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const GetTenantRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * GetTenantRequest tenant_id.
             * @member {string} tenant_id
             * @memberof gpuwatch.v1.GetTenantRequest
             * @instance
             */
            GetTenantRequest.prototype.tenant_id = "";

            /**
             * Encodes the specified GetTenantRequest message. Does not implicitly {@link gpuwatch.v1.GetTenantRequest.verify|verify} messages.
             * @function encode
             * @memberof gpuwatch.v1.GetTenantRequest
             * @static
             * @param {gpuwatch.v1.GetTenantRequest.$Properties} message GetTenantRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            GetTenantRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.tenant_id != null && $Object.hasOwnProperty.call(message, "tenant_id") && message.tenant_id !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.tenant_id);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a GetTenantRequest message from the specified reader or buffer.
             * @function decode
             * @memberof gpuwatch.v1.GetTenantRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gpuwatch.v1.GetTenantRequest & gpuwatch.v1.GetTenantRequest.$Shape} GetTenantRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            GetTenantRequest.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gpuwatch.v1.GetTenantRequest();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.tenant_id = value;
                            else
                                delete message.tenant_id;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a GetTenantRequest message.
             * @function verify
             * @memberof gpuwatch.v1.GetTenantRequest
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            GetTenantRequest.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.tenant_id != null && $Object.hasOwnProperty.call(message, "tenant_id"))
                    if (!$util.isString(message.tenant_id))
                        return "tenant_id: string expected";
                return null;
            };

            /**
             * Creates a GetTenantRequest message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof gpuwatch.v1.GetTenantRequest
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {gpuwatch.v1.GetTenantRequest} GetTenantRequest
             */
            GetTenantRequest.fromObject = function (object, _depth) {
                if (object instanceof $root.gpuwatch.v1.GetTenantRequest)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".gpuwatch.v1.GetTenantRequest: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.gpuwatch.v1.GetTenantRequest();
                if (object.tenant_id != null)
                    if (typeof object.tenant_id !== "string" || object.tenant_id.length)
                        message.tenant_id = $String(object.tenant_id);
                return message;
            };

            /**
             * Creates a plain object from a GetTenantRequest message. Also converts values to other types if specified.
             * @function toObject
             * @memberof gpuwatch.v1.GetTenantRequest
             * @static
             * @param {gpuwatch.v1.GetTenantRequest} message GetTenantRequest
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            GetTenantRequest.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults)
                    object.tenant_id = "";
                if (message.tenant_id != null && $Object.hasOwnProperty.call(message, "tenant_id"))
                    object.tenant_id = message.tenant_id;
                return object;
            };

            /**
             * Converts this GetTenantRequest to JSON.
             * @function toJSON
             * @memberof gpuwatch.v1.GetTenantRequest
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            GetTenantRequest.prototype.toJSON = function() {
                return GetTenantRequest.toObject(this, $protobuf.util.toJSONOptions);
            };

            return GetTenantRequest;
        })();

        v1.Tenant = (function() {

            /**
             * Properties of a Tenant.
             * @typedef {Object} gpuwatch.v1.Tenant.$Properties
             * @property {string|null} [tenant_id] Tenant tenant_id
             * @property {string|null} [legal_name] Tenant legal_name
             * @property {Array.<string>|null} [aliases] Tenant aliases
             * @property {string|null} [country] Tenant country
             * @property {number|null} [account_created_unix_ms] Tenant account_created_unix_ms
             * @property {number|null} [incorporated_unix_ms] Tenant incorporated_unix_ms
             * @property {string|null} [registration_number] Tenant registration_number
             * @property {string|null} [address] Tenant address
             * @property {string|null} [payment_fingerprint] Tenant payment_fingerprint
             * @property {string|null} [email] Tenant email
             * @property {string|null} [phone] Tenant phone
             * @property {Array.<string>|null} [admin_ips] Tenant admin_ips
             * @property {Array.<string>|null} [ssh_key_fingerprints] Tenant ssh_key_fingerprints
             * @property {Array.<string>|null} [beneficial_owners] Tenant beneficial_owners
             * @property {string|null} [reseller_id] Tenant reseller_id
             * @property {boolean|null} [kyc_verified] Tenant kyc_verified
             * @property {Object.<string,string>|null} [attributes] Tenant attributes
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Tenant.
             * @memberof gpuwatch.v1
             * @interface ITenant
             * @augments gpuwatch.v1.Tenant.$Properties
             * @deprecated Use gpuwatch.v1.Tenant.$Properties instead.
             */

            /**
             * Shape of a Tenant.
             * @typedef {gpuwatch.v1.Tenant.$Properties} gpuwatch.v1.Tenant.$Shape
             */

            /**
             * Constructs a new Tenant.
             * @memberof gpuwatch.v1
             * @classdesc Represents a Tenant.
             * @constructor
             * @param {gpuwatch.v1.Tenant.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Tenant = function (properties) {
                this.aliases = [];
                this.admin_ips = [];
                this.ssh_key_fingerprints = [];
                this.beneficial_owners = [];
                this.attributes = {};
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Tenant tenant_id.
             * @member {string} tenant_id
             * @memberof gpuwatch.v1.Tenant
             * @instance
             */
            Tenant.prototype.tenant_id = "";

            /**
             * Tenant legal_name.
             * @member {string} legal_name
             * @memberof gpuwatch.v1.Tenant
             * @instance
             */
            Tenant.prototype.legal_name = "";

            /**
             * Tenant aliases.
             * @member {Array.<string>} aliases
             * @memberof gpuwatch.v1.Tenant
             * @instance
             */
            Tenant.prototype.aliases = $util.emptyArray;

            /**
             * Tenant country.
             * @member {string} country
             * @memberof gpuwatch.v1.Tenant
             * @instance
             */
            Tenant.prototype.country = "";

            /**
             * Tenant account_created_unix_ms.
             * @member {number} account_created_unix_ms
             * @memberof gpuwatch.v1.Tenant
             * @instance
             */
            Tenant.prototype.account_created_unix_ms = 0;

            /**
             * Tenant incorporated_unix_ms.
             * @member {number} incorporated_unix_ms
             * @memberof gpuwatch.v1.Tenant
             * @instance
             */
            Tenant.prototype.incorporated_unix_ms = 0;

            /**
             * Tenant registration_number.
             * @member {string} registration_number
             * @memberof gpuwatch.v1.Tenant
             * @instance
             */
            Tenant.prototype.registration_number = "";

            /**
             * Tenant address.
             * @member {string} address
             * @memberof gpuwatch.v1.Tenant
             * @instance
             */
            Tenant.prototype.address = "";

            /**
             * Tenant payment_fingerprint.
             * @member {string} payment_fingerprint
             * @memberof gpuwatch.v1.Tenant
             * @instance
             */
            Tenant.prototype.payment_fingerprint = "";

            /**
             * Tenant email.
             * @member {string} email
             * @memberof gpuwatch.v1.Tenant
             * @instance
             */
            Tenant.prototype.email = "";

            /**
             * Tenant phone.
             * @member {string} phone
             * @memberof gpuwatch.v1.Tenant
             * @instance
             */
            Tenant.prototype.phone = "";

            /**
             * Tenant admin_ips.
             * @member {Array.<string>} admin_ips
             * @memberof gpuwatch.v1.Tenant
             * @instance
             */
            Tenant.prototype.admin_ips = $util.emptyArray;

            /**
             * Tenant ssh_key_fingerprints.
             * @member {Array.<string>} ssh_key_fingerprints
             * @memberof gpuwatch.v1.Tenant
             * @instance
             */
            Tenant.prototype.ssh_key_fingerprints = $util.emptyArray;

            /**
             * Tenant beneficial_owners.
             * @member {Array.<string>} beneficial_owners
             * @memberof gpuwatch.v1.Tenant
             * @instance
             */
            Tenant.prototype.beneficial_owners = $util.emptyArray;

            /**
             * Tenant reseller_id.
             * @member {string} reseller_id
             * @memberof gpuwatch.v1.Tenant
             * @instance
             */
            Tenant.prototype.reseller_id = "";

            /**
             * Tenant kyc_verified.
             * @member {boolean} kyc_verified
             * @memberof gpuwatch.v1.Tenant
             * @instance
             */
            Tenant.prototype.kyc_verified = false;

            /**
             * Tenant attributes.
             * @member {Object.<string,string>} attributes
             * @memberof gpuwatch.v1.Tenant
             * @instance
             */
            Tenant.prototype.attributes = $util.emptyObject;

            /**
             * Encodes the specified Tenant message. Does not implicitly {@link gpuwatch.v1.Tenant.verify|verify} messages.
             * @function encode
             * @memberof gpuwatch.v1.Tenant
             * @static
             * @param {gpuwatch.v1.Tenant.$Properties} message Tenant message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Tenant.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.tenant_id != null && $Object.hasOwnProperty.call(message, "tenant_id") && message.tenant_id !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.tenant_id);
                if (message.legal_name != null && $Object.hasOwnProperty.call(message, "legal_name") && message.legal_name !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.legal_name);
                if (message.aliases != null && message.aliases.length)
                    for (let i = 0; i < message.aliases.length; ++i)
                        writer.uint32(/* id 3, wireType 2 =*/26).string(message.aliases[i]);
                if (message.country != null && $Object.hasOwnProperty.call(message, "country") && message.country !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.country);
                if (message.account_created_unix_ms != null && $Object.hasOwnProperty.call(message, "account_created_unix_ms") && (typeof message.account_created_unix_ms === "object" ? message.account_created_unix_ms.low || message.account_created_unix_ms.high : message.account_created_unix_ms !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).int64(message.account_created_unix_ms);
                if (message.incorporated_unix_ms != null && $Object.hasOwnProperty.call(message, "incorporated_unix_ms") && (typeof message.incorporated_unix_ms === "object" ? message.incorporated_unix_ms.low || message.incorporated_unix_ms.high : message.incorporated_unix_ms !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).int64(message.incorporated_unix_ms);
                if (message.registration_number != null && $Object.hasOwnProperty.call(message, "registration_number") && message.registration_number !== "")
                    writer.uint32(/* id 7, wireType 2 =*/58).string(message.registration_number);
                if (message.address != null && $Object.hasOwnProperty.call(message, "address") && message.address !== "")
                    writer.uint32(/* id 8, wireType 2 =*/66).string(message.address);
                if (message.payment_fingerprint != null && $Object.hasOwnProperty.call(message, "payment_fingerprint") && message.payment_fingerprint !== "")
                    writer.uint32(/* id 9, wireType 2 =*/74).string(message.payment_fingerprint);
                if (message.email != null && $Object.hasOwnProperty.call(message, "email") && message.email !== "")
                    writer.uint32(/* id 10, wireType 2 =*/82).string(message.email);
                if (message.phone != null && $Object.hasOwnProperty.call(message, "phone") && message.phone !== "")
                    writer.uint32(/* id 11, wireType 2 =*/90).string(message.phone);
                if (message.admin_ips != null && message.admin_ips.length)
                    for (let i = 0; i < message.admin_ips.length; ++i)
                        writer.uint32(/* id 12, wireType 2 =*/98).string(message.admin_ips[i]);
                if (message.ssh_key_fingerprints != null && message.ssh_key_fingerprints.length)
                    for (let i = 0; i < message.ssh_key_fingerprints.length; ++i)
                        writer.uint32(/* id 13, wireType 2 =*/106).string(message.ssh_key_fingerprints[i]);
                if (message.beneficial_owners != null && message.beneficial_owners.length)
                    for (let i = 0; i < message.beneficial_owners.length; ++i)
                        writer.uint32(/* id 14, wireType 2 =*/114).string(message.beneficial_owners[i]);
                if (message.reseller_id != null && $Object.hasOwnProperty.call(message, "reseller_id") && message.reseller_id !== "")
                    writer.uint32(/* id 15, wireType 2 =*/122).string(message.reseller_id);
                if (message.kyc_verified != null && $Object.hasOwnProperty.call(message, "kyc_verified") && message.kyc_verified !== false)
                    writer.uint32(/* id 16, wireType 0 =*/128).bool(message.kyc_verified);
                if (message.attributes != null && $Object.hasOwnProperty.call(message, "attributes"))
                    for (let keys = $Object.keys(message.attributes), i = 0; i < keys.length; ++i)
                        writer.uint32(/* id 17, wireType 2 =*/138).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 2 =*/18).string(message.attributes[keys[i]]).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Tenant message from the specified reader or buffer.
             * @function decode
             * @memberof gpuwatch.v1.Tenant
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gpuwatch.v1.Tenant & gpuwatch.v1.Tenant.$Shape} Tenant
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Tenant.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, key, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gpuwatch.v1.Tenant();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.tenant_id = value;
                            else
                                delete message.tenant_id;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.legal_name = value;
                            else
                                delete message.legal_name;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.aliases && message.aliases.length))
                                message.aliases = [];
                            message.aliases.push(reader.stringVerify());
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.country = value;
                            else
                                delete message.country;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.account_created_unix_ms = value;
                            else
                                delete message.account_created_unix_ms;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.incorporated_unix_ms = value;
                            else
                                delete message.incorporated_unix_ms;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.registration_number = value;
                            else
                                delete message.registration_number;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.address = value;
                            else
                                delete message.address;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.payment_fingerprint = value;
                            else
                                delete message.payment_fingerprint;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.email = value;
                            else
                                delete message.email;
                            continue;
                        }
                    case 11: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.phone = value;
                            else
                                delete message.phone;
                            continue;
                        }
                    case 12: {
                            if (wireType !== 2)
                                break;
                            if (!(message.admin_ips && message.admin_ips.length))
                                message.admin_ips = [];
                            message.admin_ips.push(reader.stringVerify());
                            continue;
                        }
                    case 13: {
                            if (wireType !== 2)
                                break;
                            if (!(message.ssh_key_fingerprints && message.ssh_key_fingerprints.length))
                                message.ssh_key_fingerprints = [];
                            message.ssh_key_fingerprints.push(reader.stringVerify());
                            continue;
                        }
                    case 14: {
                            if (wireType !== 2)
                                break;
                            if (!(message.beneficial_owners && message.beneficial_owners.length))
                                message.beneficial_owners = [];
                            message.beneficial_owners.push(reader.stringVerify());
                            continue;
                        }
                    case 15: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.reseller_id = value;
                            else
                                delete message.reseller_id;
                            continue;
                        }
                    case 16: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.kyc_verified = value;
                            else
                                delete message.kyc_verified;
                            continue;
                        }
                    case 17: {
                            if (wireType !== 2)
                                break;
                            if (message.attributes === $util.emptyObject)
                                message.attributes = {};
                            let end2 = reader.size() + reader.pos;
                            if (end2 > reader.len)
                                throw $RangeError("index out of range");
                            reader.len = end2;
                            key = "";
                            value = "";
                            while (reader.pos < end2) {
                                let tag2 = reader.tag();
                                wireType = tag2 & 7;
                                switch (tag2 >>>= 3) {
                                case 1:
                                    if (wireType !== 2)
                                        break;
                                    key = reader.stringVerify();
                                    continue;
                                case 2:
                                    if (wireType !== 2)
                                        break;
                                    value = reader.stringVerify();
                                    continue;
                                }
                                reader.skipType(wireType, _depth, tag2);
                            }
                            if (reader.pos !== end2)
                                throw $RangeError("index out of range");
                            reader.len = end;
                            if (key === "__proto__")
                                $util.makeProp(message.attributes, key);
                            message.attributes[key] = value;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a Tenant message.
             * @function verify
             * @memberof gpuwatch.v1.Tenant
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Tenant.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.tenant_id != null && $Object.hasOwnProperty.call(message, "tenant_id"))
                    if (!$util.isString(message.tenant_id))
                        return "tenant_id: string expected";
                if (message.legal_name != null && $Object.hasOwnProperty.call(message, "legal_name"))
                    if (!$util.isString(message.legal_name))
                        return "legal_name: string expected";
                if (message.aliases != null && $Object.hasOwnProperty.call(message, "aliases")) {
                    if (!$Array.isArray(message.aliases))
                        return "aliases: array expected";
                    for (let i = 0; i < message.aliases.length; ++i)
                        if (!$util.isString(message.aliases[i]))
                            return "aliases: string[] expected";
                }
                if (message.country != null && $Object.hasOwnProperty.call(message, "country"))
                    if (!$util.isString(message.country))
                        return "country: string expected";
                if (message.account_created_unix_ms != null && $Object.hasOwnProperty.call(message, "account_created_unix_ms"))
                    if (!$util.isInteger(message.account_created_unix_ms) && !(message.account_created_unix_ms && $util.isInteger(message.account_created_unix_ms.low) && $util.isInteger(message.account_created_unix_ms.high)))
                        return "account_created_unix_ms: integer|Long expected";
                if (message.incorporated_unix_ms != null && $Object.hasOwnProperty.call(message, "incorporated_unix_ms"))
                    if (!$util.isInteger(message.incorporated_unix_ms) && !(message.incorporated_unix_ms && $util.isInteger(message.incorporated_unix_ms.low) && $util.isInteger(message.incorporated_unix_ms.high)))
                        return "incorporated_unix_ms: integer|Long expected";
                if (message.registration_number != null && $Object.hasOwnProperty.call(message, "registration_number"))
                    if (!$util.isString(message.registration_number))
                        return "registration_number: string expected";
                if (message.address != null && $Object.hasOwnProperty.call(message, "address"))
                    if (!$util.isString(message.address))
                        return "address: string expected";
                if (message.payment_fingerprint != null && $Object.hasOwnProperty.call(message, "payment_fingerprint"))
                    if (!$util.isString(message.payment_fingerprint))
                        return "payment_fingerprint: string expected";
                if (message.email != null && $Object.hasOwnProperty.call(message, "email"))
                    if (!$util.isString(message.email))
                        return "email: string expected";
                if (message.phone != null && $Object.hasOwnProperty.call(message, "phone"))
                    if (!$util.isString(message.phone))
                        return "phone: string expected";
                if (message.admin_ips != null && $Object.hasOwnProperty.call(message, "admin_ips")) {
                    if (!$Array.isArray(message.admin_ips))
                        return "admin_ips: array expected";
                    for (let i = 0; i < message.admin_ips.length; ++i)
                        if (!$util.isString(message.admin_ips[i]))
                            return "admin_ips: string[] expected";
                }
                if (message.ssh_key_fingerprints != null && $Object.hasOwnProperty.call(message, "ssh_key_fingerprints")) {
                    if (!$Array.isArray(message.ssh_key_fingerprints))
                        return "ssh_key_fingerprints: array expected";
                    for (let i = 0; i < message.ssh_key_fingerprints.length; ++i)
                        if (!$util.isString(message.ssh_key_fingerprints[i]))
                            return "ssh_key_fingerprints: string[] expected";
                }
                if (message.beneficial_owners != null && $Object.hasOwnProperty.call(message, "beneficial_owners")) {
                    if (!$Array.isArray(message.beneficial_owners))
                        return "beneficial_owners: array expected";
                    for (let i = 0; i < message.beneficial_owners.length; ++i)
                        if (!$util.isString(message.beneficial_owners[i]))
                            return "beneficial_owners: string[] expected";
                }
                if (message.reseller_id != null && $Object.hasOwnProperty.call(message, "reseller_id"))
                    if (!$util.isString(message.reseller_id))
                        return "reseller_id: string expected";
                if (message.kyc_verified != null && $Object.hasOwnProperty.call(message, "kyc_verified"))
                    if (typeof message.kyc_verified !== "boolean")
                        return "kyc_verified: boolean expected";
                if (message.attributes != null && $Object.hasOwnProperty.call(message, "attributes")) {
                    if (!$util.isObject(message.attributes))
                        return "attributes: object expected";
                    let key = $Object.keys(message.attributes);
                    for (let i = 0; i < key.length; ++i)
                        if (!$util.isString(message.attributes[key[i]]))
                            return "attributes: string{k:string} expected";
                }
                return null;
            };

            /**
             * Creates a Tenant message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof gpuwatch.v1.Tenant
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {gpuwatch.v1.Tenant} Tenant
             */
            Tenant.fromObject = function (object, _depth) {
                if (object instanceof $root.gpuwatch.v1.Tenant)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".gpuwatch.v1.Tenant: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.gpuwatch.v1.Tenant();
                if (object.tenant_id != null)
                    if (typeof object.tenant_id !== "string" || object.tenant_id.length)
                        message.tenant_id = $String(object.tenant_id);
                if (object.legal_name != null)
                    if (typeof object.legal_name !== "string" || object.legal_name.length)
                        message.legal_name = $String(object.legal_name);
                if (object.aliases) {
                    if (!$Array.isArray(object.aliases))
                        throw $TypeError(".gpuwatch.v1.Tenant.aliases: array expected");
                    message.aliases = $Array(object.aliases.length);
                    for (let i = 0; i < object.aliases.length; ++i)
                        message.aliases[i] = $String(object.aliases[i]);
                }
                if (object.country != null)
                    if (typeof object.country !== "string" || object.country.length)
                        message.country = $String(object.country);
                if (object.account_created_unix_ms != null)
                    if (typeof object.account_created_unix_ms === "object" ? object.account_created_unix_ms.low || object.account_created_unix_ms.high : $Number(object.account_created_unix_ms) !== 0)
                        if ($util.Long)
                            message.account_created_unix_ms = $util.Long.fromValue(object.account_created_unix_ms, false);
                        else if (typeof object.account_created_unix_ms === "string")
                            message.account_created_unix_ms = $parseInt(object.account_created_unix_ms, 10);
                        else if (typeof object.account_created_unix_ms === "number")
                            message.account_created_unix_ms = object.account_created_unix_ms;
                        else if (typeof object.account_created_unix_ms === "object")
                            message.account_created_unix_ms = new $util.LongBits(object.account_created_unix_ms.low >>> 0, object.account_created_unix_ms.high >>> 0).toNumber();
                if (object.incorporated_unix_ms != null)
                    if (typeof object.incorporated_unix_ms === "object" ? object.incorporated_unix_ms.low || object.incorporated_unix_ms.high : $Number(object.incorporated_unix_ms) !== 0)
                        if ($util.Long)
                            message.incorporated_unix_ms = $util.Long.fromValue(object.incorporated_unix_ms, false);
                        else if (typeof object.incorporated_unix_ms === "string")
                            message.incorporated_unix_ms = $parseInt(object.incorporated_unix_ms, 10);
                        else if (typeof object.incorporated_unix_ms === "number")
                            message.incorporated_unix_ms = object.incorporated_unix_ms;
                        else if (typeof object.incorporated_unix_ms === "object")
                            message.incorporated_unix_ms = new $util.LongBits(object.incorporated_unix_ms.low >>> 0, object.incorporated_unix_ms.high >>> 0).toNumber();
                if (object.registration_number != null)
                    if (typeof object.registration_number !== "string" || object.registration_number.length)
                        message.registration_number = $String(object.registration_number);
                if (object.address != null)
                    if (typeof object.address !== "string" || object.address.length)
                        message.address = $String(object.address);
                if (object.payment_fingerprint != null)
                    if (typeof object.payment_fingerprint !== "string" || object.payment_fingerprint.length)
                        message.payment_fingerprint = $String(object.payment_fingerprint);
                if (object.email != null)
                    if (typeof object.email !== "string" || object.email.length)
                        message.email = $String(object.email);
                if (object.phone != null)
                    if (typeof object.phone !== "string" || object.phone.length)
                        message.phone = $String(object.phone);
                if (object.admin_ips) {
                    if (!$Array.isArray(object.admin_ips))
                        throw $TypeError(".gpuwatch.v1.Tenant.admin_ips: array expected");
                    message.admin_ips = $Array(object.admin_ips.length);
                    for (let i = 0; i < object.admin_ips.length; ++i)
                        message.admin_ips[i] = $String(object.admin_ips[i]);
                }
                if (object.ssh_key_fingerprints) {
                    if (!$Array.isArray(object.ssh_key_fingerprints))
                        throw $TypeError(".gpuwatch.v1.Tenant.ssh_key_fingerprints: array expected");
                    message.ssh_key_fingerprints = $Array(object.ssh_key_fingerprints.length);
                    for (let i = 0; i < object.ssh_key_fingerprints.length; ++i)
                        message.ssh_key_fingerprints[i] = $String(object.ssh_key_fingerprints[i]);
                }
                if (object.beneficial_owners) {
                    if (!$Array.isArray(object.beneficial_owners))
                        throw $TypeError(".gpuwatch.v1.Tenant.beneficial_owners: array expected");
                    message.beneficial_owners = $Array(object.beneficial_owners.length);
                    for (let i = 0; i < object.beneficial_owners.length; ++i)
                        message.beneficial_owners[i] = $String(object.beneficial_owners[i]);
                }
                if (object.reseller_id != null)
                    if (typeof object.reseller_id !== "string" || object.reseller_id.length)
                        message.reseller_id = $String(object.reseller_id);
                if (object.kyc_verified != null)
                    if (object.kyc_verified)
                        message.kyc_verified = $Boolean(object.kyc_verified);
                if (object.attributes) {
                    if (!$util.isObject(object.attributes))
                        throw $TypeError(".gpuwatch.v1.Tenant.attributes: object expected");
                    message.attributes = {};
                    for (let keys = $Object.keys(object.attributes), i = 0; i < keys.length; ++i) {
                        if (keys[i] === "__proto__")
                            $util.makeProp(message.attributes, keys[i]);
                        message.attributes[keys[i]] = $String(object.attributes[keys[i]]);
                    }
                }
                return message;
            };

            /**
             * Creates a plain object from a Tenant message. Also converts values to other types if specified.
             * @function toObject
             * @memberof gpuwatch.v1.Tenant
             * @static
             * @param {gpuwatch.v1.Tenant} message Tenant
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Tenant.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults) {
                    object.aliases = [];
                    object.admin_ips = [];
                    object.ssh_key_fingerprints = [];
                    object.beneficial_owners = [];
                }
                if (options.objects || options.defaults)
                    object.attributes = {};
                if (options.defaults) {
                    object.tenant_id = "";
                    object.legal_name = "";
                    object.country = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.account_created_unix_ms = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.account_created_unix_ms = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.incorporated_unix_ms = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.incorporated_unix_ms = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.registration_number = "";
                    object.address = "";
                    object.payment_fingerprint = "";
                    object.email = "";
                    object.phone = "";
                    object.reseller_id = "";
                    object.kyc_verified = false;
                }
                if (message.tenant_id != null && $Object.hasOwnProperty.call(message, "tenant_id"))
                    object.tenant_id = message.tenant_id;
                if (message.legal_name != null && $Object.hasOwnProperty.call(message, "legal_name"))
                    object.legal_name = message.legal_name;
                if (message.aliases && message.aliases.length) {
                    object.aliases = $Array(message.aliases.length);
                    for (let j = 0; j < message.aliases.length; ++j)
                        object.aliases[j] = message.aliases[j];
                }
                if (message.country != null && $Object.hasOwnProperty.call(message, "country"))
                    object.country = message.country;
                if (message.account_created_unix_ms != null && $Object.hasOwnProperty.call(message, "account_created_unix_ms"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.account_created_unix_ms = typeof message.account_created_unix_ms === "number" ? $BigInt(message.account_created_unix_ms) : $util.Long.fromBits(message.account_created_unix_ms.low >>> 0, message.account_created_unix_ms.high >>> 0, false).toBigInt();
                    else if (typeof message.account_created_unix_ms === "number")
                        object.account_created_unix_ms = options.longs === $String ? $String(message.account_created_unix_ms) : message.account_created_unix_ms;
                    else
                        object.account_created_unix_ms = options.longs === $String ? $util.Long.prototype.toString.call(message.account_created_unix_ms) : options.longs === $Number ? new $util.LongBits(message.account_created_unix_ms.low >>> 0, message.account_created_unix_ms.high >>> 0).toNumber() : message.account_created_unix_ms;
                if (message.incorporated_unix_ms != null && $Object.hasOwnProperty.call(message, "incorporated_unix_ms"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.incorporated_unix_ms = typeof message.incorporated_unix_ms === "number" ? $BigInt(message.incorporated_unix_ms) : $util.Long.fromBits(message.incorporated_unix_ms.low >>> 0, message.incorporated_unix_ms.high >>> 0, false).toBigInt();
                    else if (typeof message.incorporated_unix_ms === "number")
                        object.incorporated_unix_ms = options.longs === $String ? $String(message.incorporated_unix_ms) : message.incorporated_unix_ms;
                    else
                        object.incorporated_unix_ms = options.longs === $String ? $util.Long.prototype.toString.call(message.incorporated_unix_ms) : options.longs === $Number ? new $util.LongBits(message.incorporated_unix_ms.low >>> 0, message.incorporated_unix_ms.high >>> 0).toNumber() : message.incorporated_unix_ms;
                if (message.registration_number != null && $Object.hasOwnProperty.call(message, "registration_number"))
                    object.registration_number = message.registration_number;
                if (message.address != null && $Object.hasOwnProperty.call(message, "address"))
                    object.address = message.address;
                if (message.payment_fingerprint != null && $Object.hasOwnProperty.call(message, "payment_fingerprint"))
                    object.payment_fingerprint = message.payment_fingerprint;
                if (message.email != null && $Object.hasOwnProperty.call(message, "email"))
                    object.email = message.email;
                if (message.phone != null && $Object.hasOwnProperty.call(message, "phone"))
                    object.phone = message.phone;
                if (message.admin_ips && message.admin_ips.length) {
                    object.admin_ips = $Array(message.admin_ips.length);
                    for (let j = 0; j < message.admin_ips.length; ++j)
                        object.admin_ips[j] = message.admin_ips[j];
                }
                if (message.ssh_key_fingerprints && message.ssh_key_fingerprints.length) {
                    object.ssh_key_fingerprints = $Array(message.ssh_key_fingerprints.length);
                    for (let j = 0; j < message.ssh_key_fingerprints.length; ++j)
                        object.ssh_key_fingerprints[j] = message.ssh_key_fingerprints[j];
                }
                if (message.beneficial_owners && message.beneficial_owners.length) {
                    object.beneficial_owners = $Array(message.beneficial_owners.length);
                    for (let j = 0; j < message.beneficial_owners.length; ++j)
                        object.beneficial_owners[j] = message.beneficial_owners[j];
                }
                if (message.reseller_id != null && $Object.hasOwnProperty.call(message, "reseller_id"))
                    object.reseller_id = message.reseller_id;
                if (message.kyc_verified != null && $Object.hasOwnProperty.call(message, "kyc_verified"))
                    object.kyc_verified = message.kyc_verified;
                let keys2;
                if (message.attributes && (keys2 = $Object.keys(message.attributes)).length) {
                    object.attributes = {};
                    for (let j = 0; j < keys2.length; ++j) {
                        if (keys2[j] === "__proto__")
                            $util.makeProp(object.attributes, keys2[j]);
                        object.attributes[keys2[j]] = message.attributes[keys2[j]];
                    }
                }
                return object;
            };

            /**
             * Converts this Tenant to JSON.
             * @function toJSON
             * @memberof gpuwatch.v1.Tenant
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Tenant.prototype.toJSON = function() {
                return Tenant.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Tenant;
        })();

        return v1;
    })();

    return gpuwatch;
})();

export const grpc = $root.grpc = (() => {

    /**
     * Namespace grpc.
     * @exports grpc
     * @namespace
     */
    const grpc = {};

    grpc.health = (function() {

        /**
         * Namespace health.
         * @memberof grpc
         * @namespace
         */
        const health = {};

        health.v1 = (function() {

            /**
             * Namespace v1.
             * @memberof grpc.health
             * @namespace
             */
            const v1 = {};

            v1.HealthCheckRequest = (function() {

                /**
                 * Properties of a HealthCheckRequest.
                 * @typedef {Object} grpc.health.v1.HealthCheckRequest.$Properties
                 * @property {string|null} [service] HealthCheckRequest service
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a HealthCheckRequest.
                 * @memberof grpc.health.v1
                 * @interface IHealthCheckRequest
                 * @augments grpc.health.v1.HealthCheckRequest.$Properties
                 * @deprecated Use grpc.health.v1.HealthCheckRequest.$Properties instead.
                 */

                /**
                 * Shape of a HealthCheckRequest.
                 * @typedef {grpc.health.v1.HealthCheckRequest.$Properties} grpc.health.v1.HealthCheckRequest.$Shape
                 */

                /**
                 * Constructs a new HealthCheckRequest.
                 * @memberof grpc.health.v1
                 * @classdesc Represents a HealthCheckRequest.
                 * @constructor
                 * @param {grpc.health.v1.HealthCheckRequest.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const HealthCheckRequest = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * HealthCheckRequest service.
                 * @member {string} service
                 * @memberof grpc.health.v1.HealthCheckRequest
                 * @instance
                 */
                HealthCheckRequest.prototype.service = "";

                /**
                 * Encodes the specified HealthCheckRequest message. Does not implicitly {@link grpc.health.v1.HealthCheckRequest.verify|verify} messages.
                 * @function encode
                 * @memberof grpc.health.v1.HealthCheckRequest
                 * @static
                 * @param {grpc.health.v1.HealthCheckRequest.$Properties} message HealthCheckRequest message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                HealthCheckRequest.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.service != null && $Object.hasOwnProperty.call(message, "service") && message.service !== "")
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.service);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Decodes a HealthCheckRequest message from the specified reader or buffer.
                 * @function decode
                 * @memberof grpc.health.v1.HealthCheckRequest
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {grpc.health.v1.HealthCheckRequest & grpc.health.v1.HealthCheckRequest.$Shape} HealthCheckRequest
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                HealthCheckRequest.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    let end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.grpc.health.v1.HealthCheckRequest();
                    while (reader.pos < end) {
                        let start = reader.pos;
                        let tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        let wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.service = value;
                                else
                                    delete message.service;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Verifies a HealthCheckRequest message.
                 * @function verify
                 * @memberof grpc.health.v1.HealthCheckRequest
                 * @static
                 * @param {Object.<string,*>} message Plain object to verify
                 * @returns {string|null} `null` if valid, otherwise the reason why it is not
                 */
                HealthCheckRequest.verify = function (message, _depth) {
                    if (typeof message !== "object" || message === null)
                        return "object expected";
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        return "max depth exceeded";
                    if (message.service != null && $Object.hasOwnProperty.call(message, "service"))
                        if (!$util.isString(message.service))
                            return "service: string expected";
                    return null;
                };

                /**
                 * Creates a HealthCheckRequest message from a plain object. Also converts values to their respective internal types.
                 * @function fromObject
                 * @memberof grpc.health.v1.HealthCheckRequest
                 * @static
                 * @param {Object.<string,*>} object Plain object
                 * @returns {grpc.health.v1.HealthCheckRequest} HealthCheckRequest
                 */
                HealthCheckRequest.fromObject = function (object, _depth) {
                    if (object instanceof $root.grpc.health.v1.HealthCheckRequest)
                        return object;
                    if (!$util.isObject(object))
                        throw $TypeError(".grpc.health.v1.HealthCheckRequest: object expected");
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    let message = new $root.grpc.health.v1.HealthCheckRequest();
                    if (object.service != null)
                        if (typeof object.service !== "string" || object.service.length)
                            message.service = $String(object.service);
                    return message;
                };

                /**
                 * Creates a plain object from a HealthCheckRequest message. Also converts values to other types if specified.
                 * @function toObject
                 * @memberof grpc.health.v1.HealthCheckRequest
                 * @static
                 * @param {grpc.health.v1.HealthCheckRequest} message HealthCheckRequest
                 * @param {$protobuf.IConversionOptions} [options] Conversion options
                 * @returns {Object.<string,*>} Plain object
                 */
                HealthCheckRequest.toObject = function (message, options, _depth) {
                    if (!options)
                        options = {};
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    let object = {};
                    if (options.defaults)
                        object.service = "";
                    if (message.service != null && $Object.hasOwnProperty.call(message, "service"))
                        object.service = message.service;
                    return object;
                };

                /**
                 * Converts this HealthCheckRequest to JSON.
                 * @function toJSON
                 * @memberof grpc.health.v1.HealthCheckRequest
                 * @instance
                 * @returns {Object.<string,*>} JSON object
                 */
                HealthCheckRequest.prototype.toJSON = function() {
                    return HealthCheckRequest.toObject(this, $protobuf.util.toJSONOptions);
                };

                return HealthCheckRequest;
            })();

            v1.HealthCheckResponse = (function() {

                /**
                 * Properties of a HealthCheckResponse.
                 * @typedef {Object} grpc.health.v1.HealthCheckResponse.$Properties
                 * @property {grpc.health.v1.HealthCheckResponse.ServingStatus|null} [status] HealthCheckResponse status
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a HealthCheckResponse.
                 * @memberof grpc.health.v1
                 * @interface IHealthCheckResponse
                 * @augments grpc.health.v1.HealthCheckResponse.$Properties
                 * @deprecated Use grpc.health.v1.HealthCheckResponse.$Properties instead.
                 */

                /**
                 * Shape of a HealthCheckResponse.
                 * @typedef {grpc.health.v1.HealthCheckResponse.$Properties} grpc.health.v1.HealthCheckResponse.$Shape
                 */

                /**
                 * Constructs a new HealthCheckResponse.
                 * @memberof grpc.health.v1
                 * @classdesc Represents a HealthCheckResponse.
                 * @constructor
                 * @param {grpc.health.v1.HealthCheckResponse.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const HealthCheckResponse = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * HealthCheckResponse status.
                 * @member {grpc.health.v1.HealthCheckResponse.ServingStatus} status
                 * @memberof grpc.health.v1.HealthCheckResponse
                 * @instance
                 */
                HealthCheckResponse.prototype.status = 0;

                /**
                 * Encodes the specified HealthCheckResponse message. Does not implicitly {@link grpc.health.v1.HealthCheckResponse.verify|verify} messages.
                 * @function encode
                 * @memberof grpc.health.v1.HealthCheckResponse
                 * @static
                 * @param {grpc.health.v1.HealthCheckResponse.$Properties} message HealthCheckResponse message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                HealthCheckResponse.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.status != null && $Object.hasOwnProperty.call(message, "status") && message.status !== 0)
                        writer.uint32(/* id 1, wireType 0 =*/8).int32(message.status);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Decodes a HealthCheckResponse message from the specified reader or buffer.
                 * @function decode
                 * @memberof grpc.health.v1.HealthCheckResponse
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {grpc.health.v1.HealthCheckResponse & grpc.health.v1.HealthCheckResponse.$Shape} HealthCheckResponse
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                HealthCheckResponse.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    let end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.grpc.health.v1.HealthCheckResponse();
                    while (reader.pos < end) {
                        let start = reader.pos;
                        let tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        let wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.int32())
                                    message.status = value;
                                else
                                    delete message.status;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Verifies a HealthCheckResponse message.
                 * @function verify
                 * @memberof grpc.health.v1.HealthCheckResponse
                 * @static
                 * @param {Object.<string,*>} message Plain object to verify
                 * @returns {string|null} `null` if valid, otherwise the reason why it is not
                 */
                HealthCheckResponse.verify = function (message, _depth) {
                    if (typeof message !== "object" || message === null)
                        return "object expected";
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        return "max depth exceeded";
                    if (message.status != null && $Object.hasOwnProperty.call(message, "status"))
                        if (typeof message.status !== "number" || (message.status | 0) !== message.status)
                            return "status: enum value expected";
                    return null;
                };

                /**
                 * Creates a HealthCheckResponse message from a plain object. Also converts values to their respective internal types.
                 * @function fromObject
                 * @memberof grpc.health.v1.HealthCheckResponse
                 * @static
                 * @param {Object.<string,*>} object Plain object
                 * @returns {grpc.health.v1.HealthCheckResponse} HealthCheckResponse
                 */
                HealthCheckResponse.fromObject = function (object, _depth) {
                    if (object instanceof $root.grpc.health.v1.HealthCheckResponse)
                        return object;
                    if (!$util.isObject(object))
                        throw $TypeError(".grpc.health.v1.HealthCheckResponse: object expected");
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    let message = new $root.grpc.health.v1.HealthCheckResponse();
                    if (object.status !== 0 && (typeof object.status !== "string" || $root.grpc.health.v1.HealthCheckResponse.ServingStatus[object.status] !== 0))
                        switch (object.status) {
                        case "UNKNOWN":
                        case 0:
                            message.status = 0;
                            break;
                        case "SERVING":
                        case 1:
                            message.status = 1;
                            break;
                        case "NOT_SERVING":
                        case 2:
                            message.status = 2;
                            break;
                        case "SERVICE_UNKNOWN":
                        case 3:
                            message.status = 3;
                            break;
                        default:
                            if (typeof object.status === "number" && (object.status | 0) === object.status)
                                message.status = object.status;
                        }
                    return message;
                };

                /**
                 * Creates a plain object from a HealthCheckResponse message. Also converts values to other types if specified.
                 * @function toObject
                 * @memberof grpc.health.v1.HealthCheckResponse
                 * @static
                 * @param {grpc.health.v1.HealthCheckResponse} message HealthCheckResponse
                 * @param {$protobuf.IConversionOptions} [options] Conversion options
                 * @returns {Object.<string,*>} Plain object
                 */
                HealthCheckResponse.toObject = function (message, options, _depth) {
                    if (!options)
                        options = {};
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    let object = {};
                    if (options.defaults)
                        object.status = options.enums === $String ? "UNKNOWN" : 0;
                    if (message.status != null && $Object.hasOwnProperty.call(message, "status"))
                        object.status = options.enums === $String ? $root.grpc.health.v1.HealthCheckResponse.ServingStatus[message.status] === $undefined ? message.status : $root.grpc.health.v1.HealthCheckResponse.ServingStatus[message.status] : message.status;
                    return object;
                };

                /**
                 * Converts this HealthCheckResponse to JSON.
                 * @function toJSON
                 * @memberof grpc.health.v1.HealthCheckResponse
                 * @instance
                 * @returns {Object.<string,*>} JSON object
                 */
                HealthCheckResponse.prototype.toJSON = function() {
                    return HealthCheckResponse.toObject(this, $protobuf.util.toJSONOptions);
                };

                /**
                 * ServingStatus enum.
                 * @name grpc.health.v1.HealthCheckResponse.ServingStatus
                 * @enum {number}
                 * @property {number} UNKNOWN=0 UNKNOWN value
                 * @property {number} SERVING=1 SERVING value
                 * @property {number} NOT_SERVING=2 NOT_SERVING value
                 * @property {number} SERVICE_UNKNOWN=3 SERVICE_UNKNOWN value
                 */
                HealthCheckResponse.ServingStatus = (function() {
                    const valuesById = $Object.create(null), values = $Object.create(valuesById);
                    values[valuesById[0] = "UNKNOWN"] = 0;
                    values[valuesById[1] = "SERVING"] = 1;
                    values[valuesById[2] = "NOT_SERVING"] = 2;
                    values[valuesById[3] = "SERVICE_UNKNOWN"] = 3;
                    return values;
                })();

                return HealthCheckResponse;
            })();

            return v1;
        })();

        return health;
    })();

    return grpc;
})();

export {
  $root as default
};
