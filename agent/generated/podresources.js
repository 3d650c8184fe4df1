/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $Array = $util.global.Array, $parseInt = $util.global.parseInt, $BigInt = $util.global.BigInt, $String = $util.global.String, $Number = $util.global.Number;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const v1 = $root.v1 = (() => {

    /**
     * Namespace v1.
     * @exports v1
     * @namespace
     */
    const v1 = {};

    v1.AllocatableResourcesRequest = (function() {

        /**
         * Properties of an AllocatableResourcesRequest.
         * @typedef {Object} v1.AllocatableResourcesRequest.$Properties
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an AllocatableResourcesRequest.
         * @memberof v1
         * @interface IAllocatableResourcesRequest
         * @augments v1.AllocatableResourcesRequest.$Properties
         * @deprecated Use v1.AllocatableResourcesRequest.$Properties instead.
         */

        /**
         * Shape of an AllocatableResourcesRequest.
         * @typedef {v1.AllocatableResourcesRequest.$Properties} v1.AllocatableResourcesRequest.$Shape
         */

        /**
         * Constructs a new AllocatableResourcesRequest.
         * @memberof v1
         * @classdesc Represents an AllocatableResourcesRequest.
         * @constructor
         * @param {v1.AllocatableResourcesRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const AllocatableResourcesRequest = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Encodes the specified AllocatableResourcesRequest message. Does not implicitly {@link v1.AllocatableResourcesRequest.verify|verify} messages.
         * @function encode
         * @memberof v1.AllocatableResourcesRequest
         * @static
         * @param {v1.AllocatableResourcesRequest.$Properties} message AllocatableResourcesRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        AllocatableResourcesRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an AllocatableResourcesRequest message from the specified reader or buffer.
         * @function decode
         * @memberof v1.AllocatableResourcesRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {v1.AllocatableResourcesRequest & v1.AllocatableResourcesRequest.$Shape} AllocatableResourcesRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        AllocatableResourcesRequest.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.v1.AllocatableResourcesRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                reader.skipType(tag & 7, _depth, tag);
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
         * Verifies an AllocatableResourcesRequest message.
         * @function verify
         * @memberof v1.AllocatableResourcesRequest
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        AllocatableResourcesRequest.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            return null;
        };

        /**
         * Creates an AllocatableResourcesRequest message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof v1.AllocatableResourcesRequest
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {v1.AllocatableResourcesRequest} AllocatableResourcesRequest
         */
        AllocatableResourcesRequest.fromObject = function (object, _depth) {
            if (object instanceof $root.v1.AllocatableResourcesRequest)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".v1.AllocatableResourcesRequest: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            return new $root.v1.AllocatableResourcesRequest();
        };

        /**
         * Creates a plain object from an AllocatableResourcesRequest message. Also converts values to other types if specified.
         * @function toObject
         * @memberof v1.AllocatableResourcesRequest
         * @static
         * @param {v1.AllocatableResourcesRequest} message AllocatableResourcesRequest
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        AllocatableResourcesRequest.toObject = function () {
            return {};
        };

        /**
         * Converts this AllocatableResourcesRequest to JSON.
         * @function toJSON
         * @memberof v1.AllocatableResourcesRequest
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        AllocatableResourcesRequest.prototype.toJSON = function() {
            return AllocatableResourcesRequest.toObject(this, $protobuf.util.toJSONOptions);
        };

        return AllocatableResourcesRequest;
    })();

    v1.AllocatableResourcesResponse = (function() {

        /**
         * Properties of an AllocatableResourcesResponse.
         * @typedef {Object} v1.AllocatableResourcesResponse.$Properties
         * @property {Array.<v1.ContainerDevices.$Properties>|null} [devices] AllocatableResourcesResponse devices
         * @property {Array.<number>|null} [cpu_ids] AllocatableResourcesResponse cpu_ids
         * @property {Array.<v1.ContainerMemory.$Properties>|null} [memory] AllocatableResourcesResponse memory
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an AllocatableResourcesResponse.
         * @memberof v1
         * @interface IAllocatableResourcesResponse
         * @augments v1.AllocatableResourcesResponse.$Properties
         * @deprecated Use v1.AllocatableResourcesResponse.$Properties instead.
         */

        /**
         * Shape of an AllocatableResourcesResponse.
         * @typedef {v1.AllocatableResourcesResponse.$Properties} v1.AllocatableResourcesResponse.$Shape
         */

        /**
         * Constructs a new AllocatableResourcesResponse.
         * @memberof v1
         * @classdesc Represents an AllocatableResourcesResponse.
         * @constructor
         * @param {v1.AllocatableResourcesResponse.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const AllocatableResourcesResponse = function (properties) {
            this.devices = [];
            this.cpu_ids = [];
            this.memory = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * AllocatableResourcesResponse devices.
         * @member {Array.<v1.ContainerDevices.$Properties>} devices
         * @memberof v1.AllocatableResourcesResponse
         * @instance
         */
        AllocatableResourcesResponse.prototype.devices = $util.emptyArray;

        /**
         * AllocatableResourcesResponse cpu_ids.
         * @member {Array.<number>} cpu_ids
         * @memberof v1.AllocatableResourcesResponse
         * @instance
         */
        AllocatableResourcesResponse.prototype.cpu_ids = $util.emptyArray;

        /**
         * AllocatableResourcesResponse memory.
         * @member {Array.<v1.ContainerMemory.$Properties>} memory
         * @memberof v1.AllocatableResourcesResponse
         * @instance
         */
        AllocatableResourcesResponse.prototype.memory = $util.emptyArray;

        /**
         * Encodes the specified AllocatableResourcesResponse message. Does not implicitly {@link v1.AllocatableResourcesResponse.verify|verify} messages.
         * @function encode
         * @memberof v1.AllocatableResourcesResponse
         * @static
         * @param {v1.AllocatableResourcesResponse.$Properties} message AllocatableResourcesResponse message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        AllocatableResourcesResponse.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.devices != null && message.devices.length)
                for (let i = 0; i < message.devices.length; ++i)
                    $root.v1.ContainerDevices.encode(message.devices[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.cpu_ids != null && message.cpu_ids.length)
                writer.uint32(/* id 2, wireType 2 =*/18).int64s(message.cpu_ids);
            if (message.memory != null && message.memory.length)
                for (let i = 0; i < message.memory.length; ++i)
                    $root.v1.ContainerMemory.encode(message.memory[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an AllocatableResourcesResponse message from the specified reader or buffer.
         * @function decode
         * @memberof v1.AllocatableResourcesResponse
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {v1.AllocatableResourcesResponse & v1.AllocatableResourcesResponse.$Shape} AllocatableResourcesResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        AllocatableResourcesResponse.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.v1.AllocatableResourcesResponse();
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
                        if (!(message.devices && message.devices.length))
                            message.devices = [];
                        message.devices.push($root.v1.ContainerDevices.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 2: {
                        if (wireType === 2) {
                            if (!(message.cpu_ids && message.cpu_ids.length))
                                message.cpu_ids = [];
                            reader.int64s(message.cpu_ids);
                            continue;
                        }
                        if (wireType !== 0)
                            break;
                        if (!(message.cpu_ids && message.cpu_ids.length))
                            message.cpu_ids = [];
                        message.cpu_ids.push(reader.int64());
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if (!(message.memory && message.memory.length))
                            message.memory = [];
                        message.memory.push($root.v1.ContainerMemory.decode(reader, reader.size(), $undefined, _depth + 1));
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
         * Verifies an AllocatableResourcesResponse message.
         * @function verify
         * @memberof v1.AllocatableResourcesResponse
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        AllocatableResourcesResponse.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.devices != null && $Object.hasOwnProperty.call(message, "devices")) {
                if (!$Array.isArray(message.devices))
                    return "devices: array expected";
                for (let i = 0; i < message.devices.length; ++i) {
                    let error = $root.v1.ContainerDevices.verify(message.devices[i], _depth + 1);
                    if (error)
                        return "devices." + error;
                }
            }
            if (message.cpu_ids != null && $Object.hasOwnProperty.call(message, "cpu_ids")) {
                if (!$Array.isArray(message.cpu_ids))
                    return "cpu_ids: array expected";
                for (let i = 0; i < message.cpu_ids.length; ++i)
                    if (!$util.isInteger(message.cpu_ids[i]) && !(message.cpu_ids[i] && $util.isInteger(message.cpu_ids[i].low) && $util.isInteger(message.cpu_ids[i].high)))
                        return "cpu_ids: integer|Long[] expected";
            }
            if (message.memory != null && $Object.hasOwnProperty.call(message, "memory")) {
                if (!$Array.isArray(message.memory))
                    return "memory: array expected";
                for (let i = 0; i < message.memory.length; ++i) {
                    let error = $root.v1.ContainerMemory.verify(message.memory[i], _depth + 1);
                    if (error)
                        return "memory." + error;
                }
            }
            return null;
        };

        /**
         * Creates an AllocatableResourcesResponse message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof v1.AllocatableResourcesResponse
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {v1.AllocatableResourcesResponse} AllocatableResourcesResponse
         */
        AllocatableResourcesResponse.fromObject = function (object, _depth) {
            if (object instanceof $root.v1.AllocatableResourcesResponse)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".v1.AllocatableResourcesResponse: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.v1.AllocatableResourcesResponse();
            if (object.devices) {
                if (!$Array.isArray(object.devices))
                    throw $TypeError(".v1.AllocatableResourcesResponse.devices: array expected");
                message.devices = $Array(object.devices.length);
                for (let i = 0; i < object.devices.length; ++i) {
                    if (!$util.isObject(object.devices[i]))
                        throw $TypeError(".v1.AllocatableResourcesResponse.devices: object expected");
                    message.devices[i] = $root.v1.ContainerDevices.fromObject(object.devices[i], _depth + 1);
                }
            }
            if (object.cpu_ids) {
                if (!$Array.isArray(object.cpu_ids))
                    throw $TypeError(".v1.AllocatableResourcesResponse.cpu_ids: array expected");
                message.cpu_ids = $Array(object.cpu_ids.length);
                for (let i = 0; i < object.cpu_ids.length; ++i)
                    if ($util.Long)
                        message.cpu_ids[i] = $util.Long.fromValue(object.cpu_ids[i], false);
                    else if (typeof object.cpu_ids[i] === "string")
                        message.cpu_ids[i] = $parseInt(object.cpu_ids[i], 10);
                    else if (typeof object.cpu_ids[i] === "number")
                        message.cpu_ids[i] = object.cpu_ids[i];
                    else if (typeof object.cpu_ids[i] === "object")
                        message.cpu_ids[i] = new $util.LongBits(object.cpu_ids[i].low >>> 0, object.cpu_ids[i].high >>> 0).toNumber();
            }
            if (object.memory) {
                if (!$Array.isArray(object.memory))
                    throw $TypeError(".v1.AllocatableResourcesResponse.memory: array expected");
                message.memory = $Array(object.memory.length);
                for (let i = 0; i < object.memory.length; ++i) {
                    if (!$util.isObject(object.memory[i]))
                        throw $TypeError(".v1.AllocatableResourcesResponse.memory: object expected");
                    message.memory[i] = $root.v1.ContainerMemory.fromObject(object.memory[i], _depth + 1);
                }
            }
            return message;
        };

        /**
         * Creates a plain object from an AllocatableResourcesResponse message. Also converts values to other types if specified.
         * @function toObject
         * @memberof v1.AllocatableResourcesResponse
         * @static
         * @param {v1.AllocatableResourcesResponse} message AllocatableResourcesResponse
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        AllocatableResourcesResponse.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults) {
                object.devices = [];
                object.cpu_ids = [];
                object.memory = [];
            }
            if (message.devices && message.devices.length) {
                object.devices = $Array(message.devices.length);
                for (let j = 0; j < message.devices.length; ++j)
                    object.devices[j] = $root.v1.ContainerDevices.toObject(message.devices[j], options, _depth + 1);
            }
            if (message.cpu_ids && message.cpu_ids.length) {
                object.cpu_ids = $Array(message.cpu_ids.length);
                for (let j = 0; j < message.cpu_ids.length; ++j)
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.cpu_ids[j] = typeof message.cpu_ids[j] === "number" ? $BigInt(message.cpu_ids[j]) : $util.Long.fromBits(message.cpu_ids[j].low >>> 0, message.cpu_ids[j].high >>> 0, false).toBigInt();
                    else if (typeof message.cpu_ids[j] === "number")
                        object.cpu_ids[j] = options.longs === $String ? $String(message.cpu_ids[j]) : message.cpu_ids[j];
                    else
                        object.cpu_ids[j] = options.longs === $String ? $util.Long.prototype.toString.call(message.cpu_ids[j]) : options.longs === $Number ? new $util.LongBits(message.cpu_ids[j].low >>> 0, message.cpu_ids[j].high >>> 0).toNumber() : message.cpu_ids[j];
            }
            if (message.memory && message.memory.length) {
                object.memory = $Array(message.memory.length);
                for (let j = 0; j < message.memory.length; ++j)
                    object.memory[j] = $root.v1.ContainerMemory.toObject(message.memory[j], options, _depth + 1);
            }
            return object;
        };

        /**
         * Converts this AllocatableResourcesResponse to JSON.
         * @function toJSON
         * @memberof v1.AllocatableResourcesResponse
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        AllocatableResourcesResponse.prototype.toJSON = function() {
            return AllocatableResourcesResponse.toObject(this, $protobuf.util.toJSONOptions);
        };

        return AllocatableResourcesResponse;
    })();

    v1.ListPodResourcesRequest = (function() {

        /**
         * Properties of a ListPodResourcesRequest.
         * @typedef {Object} v1.ListPodResourcesRequest.$Properties
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ListPodResourcesRequest.
         * @memberof v1
         * @interface IListPodResourcesRequest
         * @augments v1.ListPodResourcesRequest.$Properties
         * @deprecated Use v1.ListPodResourcesRequest.$Properties instead.
         */

        /**
         * Shape of a ListPodResourcesRequest.
         * @typedef {v1.ListPodResourcesRequest.$Properties} v1.ListPodResourcesRequest.$Shape
         */

        /**
         * Constructs a new ListPodResourcesRequest.
         * @memberof v1
         * @classdesc Represents a ListPodResourcesRequest.
         * @constructor
         * @param {v1.ListPodResourcesRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ListPodResourcesRequest = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Encodes the specified ListPodResourcesRequest message. Does not implicitly {@link v1.ListPodResourcesRequest.verify|verify} messages.
         * @function encode
         * @memberof v1.ListPodResourcesRequest
         * @static
         * @param {v1.ListPodResourcesRequest.$Properties} message ListPodResourcesRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ListPodResourcesRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ListPodResourcesRequest message from the specified reader or buffer.
         * @function decode
         * @memberof v1.ListPodResourcesRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {v1.ListPodResourcesRequest & v1.ListPodResourcesRequest.$Shape} ListPodResourcesRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ListPodResourcesRequest.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.v1.ListPodResourcesRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                reader.skipType(tag & 7, _depth, tag);
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
         * Verifies a ListPodResourcesRequest message.
         * @function verify
         * @memberof v1.ListPodResourcesRequest
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        ListPodResourcesRequest.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            return null;
        };

        /**
         * Creates a ListPodResourcesRequest message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof v1.ListPodResourcesRequest
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {v1.ListPodResourcesRequest} ListPodResourcesRequest
         */
        ListPodResourcesRequest.fromObject = function (object, _depth) {
            if (object instanceof $root.v1.ListPodResourcesRequest)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".v1.ListPodResourcesRequest: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            return new $root.v1.ListPodResourcesRequest();
        };

        /**
         * Creates a plain object from a ListPodResourcesRequest message. Also converts values to other types if specified.
         * @function toObject
         * @memberof v1.ListPodResourcesRequest
         * @static
         * @param {v1.ListPodResourcesRequest} message ListPodResourcesRequest
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ListPodResourcesRequest.toObject = function () {
            return {};
        };

        /**
         * Converts this ListPodResourcesRequest to JSON.
         * @function toJSON
         * @memberof v1.ListPodResourcesRequest
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ListPodResourcesRequest.prototype.toJSON = function() {
            return ListPodResourcesRequest.toObject(this, $protobuf.util.toJSONOptions);
        };

        return ListPodResourcesRequest;
    })();

    v1.ListPodResourcesResponse = (function() {

        /**
         * Properties of a ListPodResourcesResponse.
         * @typedef {Object} v1.ListPodResourcesResponse.$Properties
         * @property {Array.<v1.PodResources.$Properties>|null} [pod_resources] ListPodResourcesResponse pod_resources
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ListPodResourcesResponse.
         * @memberof v1
         * @interface IListPodResourcesResponse
         * @augments v1.ListPodResourcesResponse.$Properties
         * @deprecated Use v1.ListPodResourcesResponse.$Properties instead.
         */

        /**
         * Shape of a ListPodResourcesResponse.
         * @typedef {v1.ListPodResourcesResponse.$Properties} v1.ListPodResourcesResponse.$Shape
         */

        /**
         * Constructs a new ListPodResourcesResponse.
         * @memberof v1
         * @classdesc Represents a ListPodResourcesResponse.
         * @constructor
         * @param {v1.ListPodResourcesResponse.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ListPodResourcesResponse = function (properties) {
            this.pod_resources = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ListPodResourcesResponse pod_resources.
         * @member {Array.<v1.PodResources.$Properties>} pod_resources
         * @memberof v1.ListPodResourcesResponse
         * @instance
         */
        ListPodResourcesResponse.prototype.pod_resources = $util.emptyArray;

        /**
         * Encodes the specified ListPodResourcesResponse message. Does not implicitly {@link v1.ListPodResourcesResponse.verify|verify} messages.
         * @function encode
         * @memberof v1.ListPodResourcesResponse
         * @static
         * @param {v1.ListPodResourcesResponse.$Properties} message ListPodResourcesResponse message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ListPodResourcesResponse.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.pod_resources != null && message.pod_resources.length)
                for (let i = 0; i < message.pod_resources.length; ++i)
                    $root.v1.PodResources.encode(message.pod_resources[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ListPodResourcesResponse message from the specified reader or buffer.
         * @function decode
         * @memberof v1.ListPodResourcesResponse
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {v1.ListPodResourcesResponse & v1.ListPodResourcesResponse.$Shape} ListPodResourcesResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ListPodResourcesResponse.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.v1.ListPodResourcesResponse();
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
                        if (!(message.pod_resources && message.pod_resources.length))
                            message.pod_resources = [];
                        message.pod_resources.push($root.v1.PodResources.decode(reader, reader.size(), $undefined, _depth + 1));
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
         * Verifies a ListPodResourcesResponse message.
         * @function verify
         * @memberof v1.ListPodResourcesResponse
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        ListPodResourcesResponse.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.pod_resources != null && $Object.hasOwnProperty.call(message, "pod_resources")) {
                if (!$Array.isArray(message.pod_resources))
                    return "pod_resources: array expected";
                for (let i = 0; i < message.pod_resources.length; ++i) {
                    let error = $root.v1.PodResources.verify(message.pod_resources[i], _depth + 1);
                    if (error)
                        return "pod_resources." + error;
                }
            }
            return null;
        };

        /**
         * Creates a ListPodResourcesResponse message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof v1.ListPodResourcesResponse
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {v1.ListPodResourcesResponse} ListPodResourcesResponse
         */
        ListPodResourcesResponse.fromObject = function (object, _depth) {
            if (object instanceof $root.v1.ListPodResourcesResponse)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".v1.ListPodResourcesResponse: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.v1.ListPodResourcesResponse();
            if (object.pod_resources) {
                if (!$Array.isArray(object.pod_resources))
                    throw $TypeError(".v1.ListPodResourcesResponse.pod_resources: array expected");
                message.pod_resources = $Array(object.pod_resources.length);
                for (let i = 0; i < object.pod_resources.length; ++i) {
                    if (!$util.isObject(object.pod_resources[i]))
                        throw $TypeError(".v1.ListPodResourcesResponse.pod_resources: object expected");
                    message.pod_resources[i] = $root.v1.PodResources.fromObject(object.pod_resources[i], _depth + 1);
                }
            }
            return message;
        };

        /**
         * Creates a plain object from a ListPodResourcesResponse message. Also converts values to other types if specified.
         * @function toObject
         * @memberof v1.ListPodResourcesResponse
         * @static
         * @param {v1.ListPodResourcesResponse} message ListPodResourcesResponse
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ListPodResourcesResponse.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.pod_resources = [];
            if (message.pod_resources && message.pod_resources.length) {
                object.pod_resources = $Array(message.pod_resources.length);
                for (let j = 0; j < message.pod_resources.length; ++j)
                    object.pod_resources[j] = $root.v1.PodResources.toObject(message.pod_resources[j], options, _depth + 1);
            }
            return object;
        };

        /**
         * Converts this ListPodResourcesResponse to JSON.
         * @function toJSON
         * @memberof v1.ListPodResourcesResponse
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ListPodResourcesResponse.prototype.toJSON = function() {
            return ListPodResourcesResponse.toObject(this, $protobuf.util.toJSONOptions);
        };

        return ListPodResourcesResponse;
    })();

    v1.PodResources = (function() {

        /**
         * Properties of a PodResources.
         * @typedef {Object} v1.PodResources.$Properties
         * @property {string|null} [name] PodResources name
         * @property {string|null} [namespace] PodResources namespace
         * @property {Array.<v1.ContainerResources.$Properties>|null} [containers] PodResources containers
         * @property {Array.<number>|null} [cpu_ids] PodResources cpu_ids
         * @property {Array.<v1.ContainerMemory.$Properties>|null} [memory] PodResources memory
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a PodResources.
         * @memberof v1
         * @interface IPodResources
         * @augments v1.PodResources.$Properties
         * @deprecated Use v1.PodResources.$Properties instead.
         */

        /**
         * Shape of a PodResources.
         * @typedef {v1.PodResources.$Properties} v1.PodResources.$Shape
         */

        /**
         * Constructs a new PodResources.
         * @memberof v1
         * @classdesc Represents a PodResources.
         * @constructor
         * @param {v1.PodResources.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const PodResources = function (properties) {
            this.containers = [];
            this.cpu_ids = [];
            this.memory = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * PodResources name.
         * @member {string} name
         * @memberof v1.PodResources
         * @instance
         */
        PodResources.prototype.name = "";

        /**
         * PodResources namespace.
         * @member {string} namespace
         * @memberof v1.PodResources
         * @instance
         */
        PodResources.prototype.namespace = "";

        /**
         * PodResources containers.
         * @member {Array.<v1.ContainerResources.$Properties>} containers
         * @memberof v1.PodResources
         * @instance
         */
        PodResources.prototype.containers = $util.emptyArray;

        /**
         * PodResources cpu_ids.
         * @member {Array.<number>} cpu_ids
         * @memberof v1.PodResources
         * @instance
         */
        PodResources.prototype.cpu_ids = $util.emptyArray;

        /**
         * PodResources memory.
         * @member {Array.<v1.ContainerMemory.$Properties>} memory
         * @memberof v1.PodResources
         * @instance
         */
        PodResources.prototype.memory = $util.emptyArray;

        /**
         * Encodes the specified PodResources message. Does not implicitly {@link v1.PodResources.verify|verify} messages.
         * @function encode
         * @memberof v1.PodResources
         * @static
         * @param {v1.PodResources.$Properties} message PodResources message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        PodResources.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
            if (message.namespace != null && $Object.hasOwnProperty.call(message, "namespace") && message.namespace !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.namespace);
            if (message.containers != null && message.containers.length)
                for (let i = 0; i < message.containers.length; ++i)
                    $root.v1.ContainerResources.encode(message.containers[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.cpu_ids != null && message.cpu_ids.length)
                writer.uint32(/* id 4, wireType 2 =*/34).int64s(message.cpu_ids);
            if (message.memory != null && message.memory.length)
                for (let i = 0; i < message.memory.length; ++i)
                    $root.v1.ContainerMemory.encode(message.memory[i], writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a PodResources message from the specified reader or buffer.
         * @function decode
         * @memberof v1.PodResources
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {v1.PodResources & v1.PodResources.$Shape} PodResources
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        PodResources.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.v1.PodResources();
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
                            message.name = value;
                        else
                            delete message.name;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.namespace = value;
                        else
                            delete message.namespace;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if (!(message.containers && message.containers.length))
                            message.containers = [];
                        message.containers.push($root.v1.ContainerResources.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 4: {
                        if (wireType === 2) {
                            if (!(message.cpu_ids && message.cpu_ids.length))
                                message.cpu_ids = [];
                            reader.int64s(message.cpu_ids);
                            continue;
                        }
                        if (wireType !== 0)
                            break;
                        if (!(message.cpu_ids && message.cpu_ids.length))
                            message.cpu_ids = [];
                        message.cpu_ids.push(reader.int64());
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if (!(message.memory && message.memory.length))
                            message.memory = [];
                        message.memory.push($root.v1.ContainerMemory.decode(reader, reader.size(), $undefined, _depth + 1));
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
         * Verifies a PodResources message.
         * @function verify
         * @memberof v1.PodResources
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        PodResources.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                if (!$util.isString(message.name))
                    return "name: string expected";
            if (message.namespace != null && $Object.hasOwnProperty.call(message, "namespace"))
                if (!$util.isString(message.namespace))
                    return "namespace: string expected";
            if (message.containers != null && $Object.hasOwnProperty.call(message, "containers")) {
                if (!$Array.isArray(message.containers))
                    return "containers: array expected";
                for (let i = 0; i < message.containers.length; ++i) {
                    let error = $root.v1.ContainerResources.verify(message.containers[i], _depth + 1);
                    if (error)
                        return "containers." + error;
                }
            }
            if (message.cpu_ids != null && $Object.hasOwnProperty.call(message, "cpu_ids")) {
                if (!$Array.isArray(message.cpu_ids))
                    return "cpu_ids: array expected";
                for (let i = 0; i < message.cpu_ids.length; ++i)
                    if (!$util.isInteger(message.cpu_ids[i]) && !(message.cpu_ids[i] && $util.isInteger(message.cpu_ids[i].low) && $util.isInteger(message.cpu_ids[i].high)))
                        return "cpu_ids: integer|Long[] expected";
            }
            if (message.memory != null && $Object.hasOwnProperty.call(message, "memory")) {
                if (!$Array.isArray(message.memory))
                    return "memory: array expected";
                for (let i = 0; i < message.memory.length; ++i) {
                    let error = $root.v1.ContainerMemory.verify(message.memory[i], _depth + 1);
                    if (error)
                        return "memory." + error;
                }
            }
            return null;
        };

        /**
         * Creates a PodResources message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof v1.PodResources
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {v1.PodResources} PodResources
         */
        PodResources.fromObject = function (object, _depth) {
            if (object instanceof $root.v1.PodResources)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".v1.PodResources: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.v1.PodResources();
            if (object.name != null)
                if (typeof object.name !== "string" || object.name.length)
                    message.name = $String(object.name);
            if (object.namespace != null)
                if (typeof object.namespace !== "string" || object.namespace.length)
                    message.namespace = $String(object.namespace);
            if (object.containers) {
                if (!$Array.isArray(object.containers))
                    throw $TypeError(".v1.PodResources.containers: array expected");
                message.containers = $Array(object.containers.length);
                for (let i = 0; i < object.containers.length; ++i) {
                    if (!$util.isObject(object.containers[i]))
                        throw $TypeError(".v1.PodResources.containers: object expected");
                    message.containers[i] = $root.v1.ContainerResources.fromObject(object.containers[i], _depth + 1);
                }
            }
            if (object.cpu_ids) {
                if (!$Array.isArray(object.cpu_ids))
                    throw $TypeError(".v1.PodResources.cpu_ids: array expected");
                message.cpu_ids = $Array(object.cpu_ids.length);
                for (let i = 0; i < object.cpu_ids.length; ++i)
                    if ($util.Long)
                        message.cpu_ids[i] = $util.Long.fromValue(object.cpu_ids[i], false);
                    else if (typeof object.cpu_ids[i] === "string")
                        message.cpu_ids[i] = $parseInt(object.cpu_ids[i], 10);
                    else if (typeof object.cpu_ids[i] === "number")
                        message.cpu_ids[i] = object.cpu_ids[i];
                    else if (typeof object.cpu_ids[i] === "object")
                        message.cpu_ids[i] = new $util.LongBits(object.cpu_ids[i].low >>> 0, object.cpu_ids[i].high >>> 0).toNumber();
            }
            if (object.memory) {
                if (!$Array.isArray(object.memory))
                    throw $TypeError(".v1.PodResources.memory: array expected");
                message.memory = $Array(object.memory.length);
                for (let i = 0; i < object.memory.length; ++i) {
                    if (!$util.isObject(object.memory[i]))
                        throw $TypeError(".v1.PodResources.memory: object expected");
                    message.memory[i] = $root.v1.ContainerMemory.fromObject(object.memory[i], _depth + 1);
                }
            }
            return message;
        };

        /**
         * Creates a plain object from a PodResources message. Also converts values to other types if specified.
         * @function toObject
         * @memberof v1.PodResources
         * @static
         * @param {v1.PodResources} message PodResources
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        PodResources.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults) {
                object.containers = [];
                object.cpu_ids = [];
                object.memory = [];
            }
            if (options.defaults) {
                object.name = "";
                object.namespace = "";
            }
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                object.name = message.name;
            if (message.namespace != null && $Object.hasOwnProperty.call(message, "namespace"))
                object.namespace = message.namespace;
            if (message.containers && message.containers.length) {
                object.containers = $Array(message.containers.length);
                for (let j = 0; j < message.containers.length; ++j)
                    object.containers[j] = $root.v1.ContainerResources.toObject(message.containers[j], options, _depth + 1);
            }
            if (message.cpu_ids && message.cpu_ids.length) {
                object.cpu_ids = $Array(message.cpu_ids.length);
                for (let j = 0; j < message.cpu_ids.length; ++j)
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.cpu_ids[j] = typeof message.cpu_ids[j] === "number" ? $BigInt(message.cpu_ids[j]) : $util.Long.fromBits(message.cpu_ids[j].low >>> 0, message.cpu_ids[j].high >>> 0, false).toBigInt();
                    else if (typeof message.cpu_ids[j] === "number")
                        object.cpu_ids[j] = options.longs === $String ? $String(message.cpu_ids[j]) : message.cpu_ids[j];
                    else
                        object.cpu_ids[j] = options.longs === $String ? $util.Long.prototype.toString.call(message.cpu_ids[j]) : options.longs === $Number ? new $util.LongBits(message.cpu_ids[j].low >>> 0, message.cpu_ids[j].high >>> 0).toNumber() : message.cpu_ids[j];
            }
            if (message.memory && message.memory.length) {
                object.memory = $Array(message.memory.length);
                for (let j = 0; j < message.memory.length; ++j)
                    object.memory[j] = $root.v1.ContainerMemory.toObject(message.memory[j], options, _depth + 1);
            }
            return object;
        };

        /**
         * Converts this PodResources to JSON.
         * @function toJSON
         * @memberof v1.PodResources
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        PodResources.prototype.toJSON = function() {
            return PodResources.toObject(this, $protobuf.util.toJSONOptions);
        };

        return PodResources;
    })();

    v1.ContainerResources = (function() {

        /**
         * Properties of a ContainerResources.
         * @typedef {Object} v1.ContainerResources.$Properties
         * @property {string|null} [name] ContainerResources name
         * @property {Array.<v1.ContainerDevices.$Properties>|null} [devices] ContainerResources devices
         * @property {Array.<number>|null} [cpu_ids] ContainerResources cpu_ids
         * @property {Array.<v1.ContainerMemory.$Properties>|null} [memory] ContainerResources memory
         * @property {Array.<v1.DynamicResource.$Properties>|null} [dynamic_resources] ContainerResources dynamic_resources
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ContainerResources.
         * @memberof v1
         * @interface IContainerResources
         * @augments v1.ContainerResources.$Properties
         * @deprecated Use v1.ContainerResources.$Properties instead.
         */

        /**
         * Shape of a ContainerResources.
         * @typedef {v1.ContainerResources.$Properties} v1.ContainerResources.$Shape
         */

        /**
         * Constructs a new ContainerResources.
         * @memberof v1
         * @classdesc Represents a ContainerResources.
         * @constructor
         * @param {v1.ContainerResources.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ContainerResources = function (properties) {
            this.devices = [];
            this.cpu_ids = [];
            this.memory = [];
            this.dynamic_resources = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ContainerResources name.
         * @member {string} name
         * @memberof v1.ContainerResources
         * @instance
         */
        ContainerResources.prototype.name = "";

        /**
         * ContainerResources devices.
         * @member {Array.<v1.ContainerDevices.$Properties>} devices
         * @memberof v1.ContainerResources
         * @instance
         */
        ContainerResources.prototype.devices = $util.emptyArray;

        /**
         * ContainerResources cpu_ids.
         * @member {Array.<number>} cpu_ids
         * @memberof v1.ContainerResources
         * @instance
         */
        ContainerResources.prototype.cpu_ids = $util.emptyArray;

        /**
         * ContainerResources memory.
         * @member {Array.<v1.ContainerMemory.$Properties>} memory
         * @memberof v1.ContainerResources
         * @instance
         */
        ContainerResources.prototype.memory = $util.emptyArray;

        /**
         * ContainerResources dynamic_resources.
         * @member {Array.<v1.DynamicResource.$Properties>} dynamic_resources
         * @memberof v1.ContainerResources
         * @instance
         */
        ContainerResources.prototype.dynamic_resources = $util.emptyArray;

        /**
         * Encodes the specified ContainerResources message. Does not implicitly {@link v1.ContainerResources.verify|verify} messages.
         * @function encode
         * @memberof v1.ContainerResources
         * @static
         * @param {v1.ContainerResources.$Properties} message ContainerResources message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ContainerResources.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
            if (message.devices != null && message.devices.length)
                for (let i = 0; i < message.devices.length; ++i)
                    $root.v1.ContainerDevices.encode(message.devices[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
            if (message.cpu_ids != null && message.cpu_ids.length)
                writer.uint32(/* id 3, wireType 2 =*/26).int64s(message.cpu_ids);
            if (message.memory != null && message.memory.length)
                for (let i = 0; i < message.memory.length; ++i)
                    $root.v1.ContainerMemory.encode(message.memory[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.dynamic_resources != null && message.dynamic_resources.length)
                for (let i = 0; i < message.dynamic_resources.length; ++i)
                    $root.v1.DynamicResource.encode(message.dynamic_resources[i], writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ContainerResources message from the specified reader or buffer.
         * @function decode
         * @memberof v1.ContainerResources
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {v1.ContainerResources & v1.ContainerResources.$Shape} ContainerResources
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ContainerResources.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.v1.ContainerResources();
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
                            message.name = value;
                        else
                            delete message.name;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if (!(message.devices && message.devices.length))
                            message.devices = [];
                        message.devices.push($root.v1.ContainerDevices.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 3: {
                        if (wireType === 2) {
                            if (!(message.cpu_ids && message.cpu_ids.length))
                                message.cpu_ids = [];
                            reader.int64s(message.cpu_ids);
                            continue;
                        }
                        if (wireType !== 0)
                            break;
                        if (!(message.cpu_ids && message.cpu_ids.length))
                            message.cpu_ids = [];
                        message.cpu_ids.push(reader.int64());
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.memory && message.memory.length))
                            message.memory = [];
                        message.memory.push($root.v1.ContainerMemory.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if (!(message.dynamic_resources && message.dynamic_resources.length))
                            message.dynamic_resources = [];
                        message.dynamic_resources.push($root.v1.DynamicResource.decode(reader, reader.size(), $undefined, _depth + 1));
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
         * Verifies a ContainerResources message.
         * @function verify
         * @memberof v1.ContainerResources
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        ContainerResources.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                if (!$util.isString(message.name))
                    return "name: string expected";
            if (message.devices != null && $Object.hasOwnProperty.call(message, "devices")) {
                if (!$Array.isArray(message.devices))
                    return "devices: array expected";
                for (let i = 0; i < message.devices.length; ++i) {
                    let error = $root.v1.ContainerDevices.verify(message.devices[i], _depth + 1);
                    if (error)
                        return "devices." + error;
                }
            }
            if (message.cpu_ids != null && $Object.hasOwnProperty.call(message, "cpu_ids")) {
                if (!$Array.isArray(message.cpu_ids))
                    return "cpu_ids: array expected";
                for (let i = 0; i < message.cpu_ids.length; ++i)
                    if (!$util.isInteger(message.cpu_ids[i]) && !(message.cpu_ids[i] && $util.isInteger(message.cpu_ids[i].low) && $util.isInteger(message.cpu_ids[i].high)))
                        return "cpu_ids: integer|Long[] expected";
            }
            if (message.memory != null && $Object.hasOwnProperty.call(message, "memory")) {
                if (!$Array.isArray(message.memory))
                    return "memory: array expected";
                for (let i = 0; i < message.memory.length; ++i) {
                    let error = $root.v1.ContainerMemory.verify(message.memory[i], _depth + 1);
                    if (error)
                        return "memory." + error;
                }
            }
            if (message.dynamic_resources != null && $Object.hasOwnProperty.call(message, "dynamic_resources")) {
                if (!$Array.isArray(message.dynamic_resources))
                    return "dynamic_resources: array expected";
                for (let i = 0; i < message.dynamic_resources.length; ++i) {
                    let error = $root.v1.DynamicResource.verify(message.dynamic_resources[i], _depth + 1);
                    if (error)
                        return "dynamic_resources." + error;
                }
            }
            return null;
        };

        /**
         * Creates a ContainerResources message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof v1.ContainerResources
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {v1.ContainerResources} ContainerResources
         */
        ContainerResources.fromObject = function (object, _depth) {
            if (object instanceof $root.v1.ContainerResources)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".v1.ContainerResources: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.v1.ContainerResources();
            if (object.name != null)
                if (typeof object.name !== "string" || object.name.length)
                    message.name = $String(object.name);
            if (object.devices) {
                if (!$Array.isArray(object.devices))
                    throw $TypeError(".v1.ContainerResources.devices: array expected");
                message.devices = $Array(object.devices.length);
                for (let i = 0; i < object.devices.length; ++i) {
                    if (!$util.isObject(object.devices[i]))
                        throw $TypeError(".v1.ContainerResources.devices: object expected");
                    message.devices[i] = $root.v1.ContainerDevices.fromObject(object.devices[i], _depth + 1);
                }
            }
            if (object.cpu_ids) {
                if (!$Array.isArray(object.cpu_ids))
                    throw $TypeError(".v1.ContainerResources.cpu_ids: array expected");
                message.cpu_ids = $Array(object.cpu_ids.length);
                for (let i = 0; i < object.cpu_ids.length; ++i)
                    if ($util.Long)
                        message.cpu_ids[i] = $util.Long.fromValue(object.cpu_ids[i], false);
                    else if (typeof object.cpu_ids[i] === "string")
                        message.cpu_ids[i] = $parseInt(object.cpu_ids[i], 10);
                    else if (typeof object.cpu_ids[i] === "number")
                        message.cpu_ids[i] = object.cpu_ids[i];
                    else if (typeof object.cpu_ids[i] === "object")
                        message.cpu_ids[i] = new $util.LongBits(object.cpu_ids[i].low >>> 0, object.cpu_ids[i].high >>> 0).toNumber();
            }
            if (object.memory) {
                if (!$Array.isArray(object.memory))
                    throw $TypeError(".v1.ContainerResources.memory: array expected");
                message.memory = $Array(object.memory.length);
                for (let i = 0; i < object.memory.length; ++i) {
                    if (!$util.isObject(object.memory[i]))
                        throw $TypeError(".v1.ContainerResources.memory: object expected");
                    message.memory[i] = $root.v1.ContainerMemory.fromObject(object.memory[i], _depth + 1);
                }
            }
            if (object.dynamic_resources) {
                if (!$Array.isArray(object.dynamic_resources))
                    throw $TypeError(".v1.ContainerResources.dynamic_resources: array expected");
                message.dynamic_resources = $Array(object.dynamic_resources.length);
                for (let i = 0; i < object.dynamic_resources.length; ++i) {
                    if (!$util.isObject(object.dynamic_resources[i]))
                        throw $TypeError(".v1.ContainerResources.dynamic_resources: object expected");
                    message.dynamic_resources[i] = $root.v1.DynamicResource.fromObject(object.dynamic_resources[i], _depth + 1);
                }
            }
            return message;
        };

        /**
         * Creates a plain object from a ContainerResources message. Also converts values to other types if specified.
         * @function toObject
         * @memberof v1.ContainerResources
         * @static
         * @param {v1.ContainerResources} message ContainerResources
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ContainerResources.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults) {
                object.devices = [];
                object.cpu_ids = [];
                object.memory = [];
                object.dynamic_resources = [];
            }
            if (options.defaults)
                object.name = "";
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                object.name = message.name;
            if (message.devices && message.devices.length) {
                object.devices = $Array(message.devices.length);
                for (let j = 0; j < message.devices.length; ++j)
                    object.devices[j] = $root.v1.ContainerDevices.toObject(message.devices[j], options, _depth + 1);
            }
            if (message.cpu_ids && message.cpu_ids.length) {
                object.cpu_ids = $Array(message.cpu_ids.length);
                for (let j = 0; j < message.cpu_ids.length; ++j)
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.cpu_ids[j] = typeof message.cpu_ids[j] === "number" ? $BigInt(message.cpu_ids[j]) : $util.Long.fromBits(message.cpu_ids[j].low >>> 0, message.cpu_ids[j].high >>> 0, false).toBigInt();
                    else if (typeof message.cpu_ids[j] === "number")
                        object.cpu_ids[j] = options.longs === $String ? $String(message.cpu_ids[j]) : message.cpu_ids[j];
                    else
                        object.cpu_ids[j] = options.longs === $String ? $util.Long.prototype.toString.call(message.cpu_ids[j]) : options.longs === $Number ? new $util.LongBits(message.cpu_ids[j].low >>> 0, message.cpu_ids[j].high >>> 0).toNumber() : message.cpu_ids[j];
            }
            if (message.memory && message.memory.length) {
                object.memory = $Array(message.memory.length);
                for (let j = 0; j < message.memory.length; ++j)
                    object.memory[j] = $root.v1.ContainerMemory.toObject(message.memory[j], options, _depth + 1);
            }
            if (message.dynamic_resources && message.dynamic_resources.length) {
                object.dynamic_resources = $Array(message.dynamic_resources.length);
                for (let j = 0; j < message.dynamic_resources.length; ++j)
                    object.dynamic_resources[j] = $root.v1.DynamicResource.toObject(message.dynamic_resources[j], options, _depth + 1);
            }
            return object;
        };

        /**
         * Converts this ContainerResources to JSON.
         * @function toJSON
         * @memberof v1.ContainerResources
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ContainerResources.prototype.toJSON = function() {
            return ContainerResources.toObject(this, $protobuf.util.toJSONOptions);
        };

        return ContainerResources;
    })();

    v1.ContainerMemory = (function() {

        /**
         * Properties of a ContainerMemory.
         * @typedef {Object} v1.ContainerMemory.$Properties
         * @property {string|null} [memory_type] ContainerMemory memory_type
         * @property {number|null} [size] ContainerMemory size
         * @property {v1.TopologyInfo.$Properties|null} [topology] ContainerMemory topology
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ContainerMemory.
         * @memberof v1
         * @interface IContainerMemory
         * @augments v1.ContainerMemory.$Properties
         * @deprecated Use v1.ContainerMemory.$Properties instead.
         */

        /**
         * Shape of a ContainerMemory.
         * @typedef {v1.ContainerMemory.$Properties} v1.ContainerMemory.$Shape
         */

        /**
         * Constructs a new ContainerMemory.
         * @memberof v1
         * @classdesc Represents a ContainerMemory.
         * @constructor
         * @param {v1.ContainerMemory.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ContainerMemory = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ContainerMemory memory_type.
         * @member {string} memory_type
         * @memberof v1.ContainerMemory
         * @instance
         */
        ContainerMemory.prototype.memory_type = "";

        /**
         * ContainerMemory size.
         * @member {number} size
         * @memberof v1.ContainerMemory
         * @instance
         */
        ContainerMemory.prototype.size = 0;

        /**
         * ContainerMemory topology.
         * @member {v1.TopologyInfo.$Properties|null|undefined} topology
         * @memberof v1.ContainerMemory
         * @instance
         */
        ContainerMemory.prototype.topology = null;

        /**
         * Encodes the specified ContainerMemory message. Does not implicitly {@link v1.ContainerMemory.verify|verify} messages.
         * @function encode
         * @memberof v1.ContainerMemory
         * @static
         * @param {v1.ContainerMemory.$Properties} message ContainerMemory message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ContainerMemory.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.memory_type != null && $Object.hasOwnProperty.call(message, "memory_type") && message.memory_type !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.memory_type);
            if (message.size != null && $Object.hasOwnProperty.call(message, "size") && (typeof message.size === "object" ? message.size.low || message.size.high : message.size !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.size);
            if (message.topology != null && $Object.hasOwnProperty.call(message, "topology"))
                $root.v1.TopologyInfo.encode(message.topology, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ContainerMemory message from the specified reader or buffer.
         * @function decode
         * @memberof v1.ContainerMemory
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {v1.ContainerMemory & v1.ContainerMemory.$Shape} ContainerMemory
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ContainerMemory.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.v1.ContainerMemory();
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
                            message.memory_type = value;
                        else
                            delete message.memory_type;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.size = value;
                        else
                            delete message.size;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        message.topology = $root.v1.TopologyInfo.decode(reader, reader.size(), $undefined, _depth + 1, message.topology);
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
         * Verifies a ContainerMemory message.
         * @function verify
         * @memberof v1.ContainerMemory
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        ContainerMemory.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.memory_type != null && $Object.hasOwnProperty.call(message, "memory_type"))
                if (!$util.isString(message.memory_type))
                    return "memory_type: string expected";
            if (message.size != null && $Object.hasOwnProperty.call(message, "size"))
                if (!$util.isInteger(message.size) && !(message.size && $util.isInteger(message.size.low) && $util.isInteger(message.size.high)))
                    return "size: integer|Long expected";
            if (message.topology != null && $Object.hasOwnProperty.call(message, "topology")) {
                let error = $root.v1.TopologyInfo.verify(message.topology, _depth + 1);
                if (error)
                    return "topology." + error;
            }
            return null;
        };

        /**
         * Creates a ContainerMemory message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof v1.ContainerMemory
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {v1.ContainerMemory} ContainerMemory
         */
        ContainerMemory.fromObject = function (object, _depth) {
            if (object instanceof $root.v1.ContainerMemory)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".v1.ContainerMemory: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.v1.ContainerMemory();
            if (object.memory_type != null)
                if (typeof object.memory_type !== "string" || object.memory_type.length)
                    message.memory_type = $String(object.memory_type);
            if (object.size != null)
                if (typeof object.size === "object" ? object.size.low || object.size.high : $Number(object.size) !== 0)
                    if ($util.Long)
                        message.size = $util.Long.fromValue(object.size, true);
                    else if (typeof object.size === "string")
                        message.size = $parseInt(object.size, 10);
                    else if (typeof object.size === "number")
                        message.size = object.size;
                    else if (typeof object.size === "object")
                        message.size = new $util.LongBits(object.size.low >>> 0, object.size.high >>> 0).toNumber(true);
            if (object.topology != null) {
                if (!$util.isObject(object.topology))
                    throw $TypeError(".v1.ContainerMemory.topology: object expected");
                message.topology = $root.v1.TopologyInfo.fromObject(object.topology, _depth + 1);
            }
            return message;
        };

        /**
         * Creates a plain object from a ContainerMemory message. Also converts values to other types if specified.
         * @function toObject
         * @memberof v1.ContainerMemory
         * @static
         * @param {v1.ContainerMemory} message ContainerMemory
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ContainerMemory.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.memory_type = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.size = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.size = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.topology = null;
            }
            if (message.memory_type != null && $Object.hasOwnProperty.call(message, "memory_type"))
                object.memory_type = message.memory_type;
            if (message.size != null && $Object.hasOwnProperty.call(message, "size"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.size = typeof message.size === "number" ? $BigInt(message.size) : $util.Long.fromBits(message.size.low >>> 0, message.size.high >>> 0, true).toBigInt();
                else if (typeof message.size === "number")
                    object.size = options.longs === $String ? $String(message.size) : message.size;
                else
                    object.size = options.longs === $String ? $util.Long.prototype.toString.call(message.size) : options.longs === $Number ? new $util.LongBits(message.size.low >>> 0, message.size.high >>> 0).toNumber(true) : message.size;
            if (message.topology != null && $Object.hasOwnProperty.call(message, "topology"))
                object.topology = $root.v1.TopologyInfo.toObject(message.topology, options, _depth + 1);
            return object;
        };

        /**
         * Converts this ContainerMemory to JSON.
         * @function toJSON
         * @memberof v1.ContainerMemory
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ContainerMemory.prototype.toJSON = function() {
            return ContainerMemory.toObject(this, $protobuf.util.toJSONOptions);
        };

        return ContainerMemory;
    })();

    v1.ContainerDevices = (function() {

        /**
         * Properties of a ContainerDevices.
         * @typedef {Object} v1.ContainerDevices.$Properties
         * @property {string|null} [resource_name] ContainerDevices resource_name
         * @property {Array.<string>|null} [device_ids] ContainerDevices device_ids
         * @property {v1.TopologyInfo.$Properties|null} [topology] ContainerDevices topology
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ContainerDevices.
         * @memberof v1
         * @interface IContainerDevices
         * @augments v1.ContainerDevices.$Properties
         * @deprecated Use v1.ContainerDevices.$Properties instead.
         */

        /**
         * Shape of a ContainerDevices.
         * @typedef {v1.ContainerDevices.$Properties} v1.ContainerDevices.$Shape
         */

        /**
         * Constructs a new ContainerDevices.
         * @memberof v1
         * @classdesc Represents a ContainerDevices.
         * @constructor
         * @param {v1.ContainerDevices.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ContainerDevices = function (properties) {
            this.device_ids = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ContainerDevices resource_name.
         * @member {string} resource_name
         * @memberof v1.ContainerDevices
         * @instance
         */
        ContainerDevices.prototype.resource_name = "";

        /**
         * ContainerDevices device_ids.
         * @member {Array.<string>} device_ids
         * @memberof v1.ContainerDevices
         * @instance
         */
        ContainerDevices.prototype.device_ids = $util.emptyArray;

        /**
         * ContainerDevices topology.
         * @member {v1.TopologyInfo.$Properties|null|undefined} topology
         * @memberof v1.ContainerDevices
         * @instance
         */
        ContainerDevices.prototype.topology = null;

        /**
         * Encodes the specified ContainerDevices message. Does not implicitly {@link v1.ContainerDevices.verify|verify} messages.
         * @function encode
         * @memberof v1.ContainerDevices
         * @static
         * @param {v1.ContainerDevices.$Properties} message ContainerDevices message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ContainerDevices.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.resource_name != null && $Object.hasOwnProperty.call(message, "resource_name") && message.resource_name !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.resource_name);
            if (message.device_ids != null && message.device_ids.length)
                for (let i = 0; i < message.device_ids.length; ++i)
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.device_ids[i]);
            if (message.topology != null && $Object.hasOwnProperty.call(message, "topology"))
                $root.v1.TopologyInfo.encode(message.topology, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ContainerDevices message from the specified reader or buffer.
         * @function decode
         * @memberof v1.ContainerDevices
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {v1.ContainerDevices & v1.ContainerDevices.$Shape} ContainerDevices
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ContainerDevices.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.v1.ContainerDevices();
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
                            message.resource_name = value;
                        else
                            delete message.resource_name;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if (!(message.device_ids && message.device_ids.length))
                            message.device_ids = [];
                        message.device_ids.push(reader.stringVerify());
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        message.topology = $root.v1.TopologyInfo.decode(reader, reader.size(), $undefined, _depth + 1, message.topology);
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
         * Verifies a ContainerDevices message.
         * @function verify
         * @memberof v1.ContainerDevices
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        ContainerDevices.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.resource_name != null && $Object.hasOwnProperty.call(message, "resource_name"))
                if (!$util.isString(message.resource_name))
                    return "resource_name: string expected";
            if (message.device_ids != null && $Object.hasOwnProperty.call(message, "device_ids")) {
                if (!$Array.isArray(message.device_ids))
                    return "device_ids: array expected";
                for (let i = 0; i < message.device_ids.length; ++i)
                    if (!$util.isString(message.device_ids[i]))
                        return "device_ids: string[] expected";
            }
            if (message.topology != null && $Object.hasOwnProperty.call(message, "topology")) {
                let error = $root.v1.TopologyInfo.verify(message.topology, _depth + 1);
                if (error)
                    return "topology." + error;
            }
            return null;
        };

        /**
         * Creates a ContainerDevices message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof v1.ContainerDevices
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {v1.ContainerDevices} ContainerDevices
         */
        ContainerDevices.fromObject = function (object, _depth) {
            if (object instanceof $root.v1.ContainerDevices)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".v1.ContainerDevices: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.v1.ContainerDevices();
            if (object.resource_name != null)
                if (typeof object.resource_name !== "string" || object.resource_name.length)
                    message.resource_name = $String(object.resource_name);
            if (object.device_ids) {
                if (!$Array.isArray(object.device_ids))
                    throw $TypeError(".v1.ContainerDevices.device_ids: array expected");
                message.device_ids = $Array(object.device_ids.length);
                for (let i = 0; i < object.device_ids.length; ++i)
                    message.device_ids[i] = $String(object.device_ids[i]);
            }
            if (object.topology != null) {
                if (!$util.isObject(object.topology))
                    throw $TypeError(".v1.ContainerDevices.topology: object expected");
                message.topology = $root.v1.TopologyInfo.fromObject(object.topology, _depth + 1);
            }
            return message;
        };

        /**
         * Creates a plain object from a ContainerDevices message. Also converts values to other types if specified.
         * @function toObject
         * @memberof v1.ContainerDevices
         * @static
         * @param {v1.ContainerDevices} message ContainerDevices
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ContainerDevices.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.device_ids = [];
            if (options.defaults) {
                object.resource_name = "";
                object.topology = null;
            }
            if (message.resource_name != null && $Object.hasOwnProperty.call(message, "resource_name"))
                object.resource_name = message.resource_name;
            if (message.device_ids && message.device_ids.length) {
                object.device_ids = $Array(message.device_ids.length);
                for (let j = 0; j < message.device_ids.length; ++j)
                    object.device_ids[j] = message.device_ids[j];
            }
            if (message.topology != null && $Object.hasOwnProperty.call(message, "topology"))
                object.topology = $root.v1.TopologyInfo.toObject(message.topology, options, _depth + 1);
            return object;
        };

        /**
         * Converts this ContainerDevices to JSON.
         * @function toJSON
         * @memberof v1.ContainerDevices
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ContainerDevices.prototype.toJSON = function() {
            return ContainerDevices.toObject(this, $protobuf.util.toJSONOptions);
        };

        return ContainerDevices;
    })();

    v1.TopologyInfo = (function() {

        /**
         * Properties of a TopologyInfo.
         * @typedef {Object} v1.TopologyInfo.$Properties
         * @property {Array.<v1.NUMANode.$Properties>|null} [nodes] TopologyInfo nodes
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a TopologyInfo.
         * @memberof v1
         * @interface ITopologyInfo
         * @augments v1.TopologyInfo.$Properties
         * @deprecated Use v1.TopologyInfo.$Properties instead.
         */

        /**
         * Shape of a TopologyInfo.
         * @typedef {v1.TopologyInfo.$Properties} v1.TopologyInfo.$Shape
         */

        /**
         * Constructs a new TopologyInfo.
         * @memberof v1
         * @classdesc Represents a TopologyInfo.
         * @constructor
         * @param {v1.TopologyInfo.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const TopologyInfo = function (properties) {
            this.nodes = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * TopologyInfo nodes.
         * @member {Array.<v1.NUMANode.$Properties>} nodes
         * @memberof v1.TopologyInfo
         * @instance
         */
        TopologyInfo.prototype.nodes = $util.emptyArray;

        /**
         * Encodes the specified TopologyInfo message. Does not implicitly {@link v1.TopologyInfo.verify|verify} messages.
         * @function encode
         * @memberof v1.TopologyInfo
         * @static
         * @param {v1.TopologyInfo.$Properties} message TopologyInfo message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        TopologyInfo.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.nodes != null && message.nodes.length)
                for (let i = 0; i < message.nodes.length; ++i)
                    $root.v1.NUMANode.encode(message.nodes[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a TopologyInfo message from the specified reader or buffer.
         * @function decode
         * @memberof v1.TopologyInfo
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {v1.TopologyInfo & v1.TopologyInfo.$Shape} TopologyInfo
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        TopologyInfo.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.v1.TopologyInfo();
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
                        if (!(message.nodes && message.nodes.length))
                            message.nodes = [];
                        message.nodes.push($root.v1.NUMANode.decode(reader, reader.size(), $undefined, _depth + 1));
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
         * Verifies a TopologyInfo message.
         * @function verify
         * @memberof v1.TopologyInfo
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        TopologyInfo.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.nodes != null && $Object.hasOwnProperty.call(message, "nodes")) {
                if (!$Array.isArray(message.nodes))
                    return "nodes: array expected";
                for (let i = 0; i < message.nodes.length; ++i) {
                    let error = $root.v1.NUMANode.verify(message.nodes[i], _depth + 1);
                    if (error)
                        return "nodes." + error;
                }
            }
            return null;
        };

        /**
         * Creates a TopologyInfo message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof v1.TopologyInfo
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {v1.TopologyInfo} TopologyInfo
         */
        TopologyInfo.fromObject = function (object, _depth) {
            if (object instanceof $root.v1.TopologyInfo)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".v1.TopologyInfo: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.v1.TopologyInfo();
            if (object.nodes) {
                if (!$Array.isArray(object.nodes))
                    throw $TypeError(".v1.TopologyInfo.nodes: array expected");
                message.nodes = $Array(object.nodes.length);
                for (let i = 0; i < object.nodes.length; ++i) {
                    if (!$util.isObject(object.nodes[i]))
                        throw $TypeError(".v1.TopologyInfo.nodes: object expected");
                    message.nodes[i] = $root.v1.NUMANode.fromObject(object.nodes[i], _depth + 1);
                }
            }
            return message;
        };

        /**
         * Creates a plain object from a TopologyInfo message. Also converts values to other types if specified.
         * @function toObject
         * @memberof v1.TopologyInfo
         * @static
         * @param {v1.TopologyInfo} message TopologyInfo
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        TopologyInfo.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.nodes = [];
            if (message.nodes && message.nodes.length) {
                object.nodes = $Array(message.nodes.length);
                for (let j = 0; j < message.nodes.length; ++j)
                    object.nodes[j] = $root.v1.NUMANode.toObject(message.nodes[j], options, _depth + 1);
            }
            return object;
        };

        /**
         * Converts this TopologyInfo to JSON.
         * @function toJSON
         * @memberof v1.TopologyInfo
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        TopologyInfo.prototype.toJSON = function() {
            return TopologyInfo.toObject(this, $protobuf.util.toJSONOptions);
        };

        return TopologyInfo;
    })();

    v1.NUMANode = (function() {

        /**
         * Properties of a NUMANode.
         * @typedef {Object} v1.NUMANode.$Properties
         * @property {number|null} [ID] NUMANode ID
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a NUMANode.
         * @memberof v1
         * @interface INUMANode
         * @augments v1.NUMANode.$Properties
         * @deprecated Use v1.NUMANode.$Properties instead.
         */

        /**
         * Shape of a NUMANode.
         * @typedef {v1.NUMANode.$Properties} v1.NUMANode.$Shape
         */

        /**
         * Constructs a new NUMANode.
         * @memberof v1
         * @classdesc Represents a NUMANode.
         * @constructor
         * @param {v1.NUMANode.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const NUMANode = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * NUMANode ID.
         * @member {number} ID
         * @memberof v1.NUMANode
         * @instance
         */
        NUMANode.prototype.ID = 0;

        /**
         * Encodes the specified NUMANode message. Does not implicitly {@link v1.NUMANode.verify|verify} messages.
         * @function encode
         * @memberof v1.NUMANode
         * @static
         * @param {v1.NUMANode.$Properties} message NUMANode message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        NUMANode.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.ID != null && $Object.hasOwnProperty.call(message, "ID") && (typeof message.ID === "object" ? message.ID.low || message.ID.high : message.ID !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).int64(message.ID);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a NUMANode message from the specified reader or buffer.
         * @function decode
         * @memberof v1.NUMANode
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {v1.NUMANode & v1.NUMANode.$Shape} NUMANode
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        NUMANode.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.v1.NUMANode();
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
                            message.ID = value;
                        else
                            delete message.ID;
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
         * Verifies a NUMANode message.
         * @function verify
         * @memberof v1.NUMANode
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        NUMANode.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.ID != null && $Object.hasOwnProperty.call(message, "ID"))
                if (!$util.isInteger(message.ID) && !(message.ID && $util.isInteger(message.ID.low) && $util.isInteger(message.ID.high)))
                    return "ID: integer|Long expected";
            return null;
        };

        /**
         * Creates a NUMANode message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof v1.NUMANode
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {v1.NUMANode} NUMANode
         */
        NUMANode.fromObject = function (object, _depth) {
            if (object instanceof $root.v1.NUMANode)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".v1.NUMANode: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.v1.NUMANode();
            if (object.ID != null)
                if (typeof object.ID === "object" ? object.ID.low || object.ID.high : $Number(object.ID) !== 0)
                    if ($util.Long)
                        message.ID = $util.Long.fromValue(object.ID, false);
                    else if (typeof object.ID === "string")
                        message.ID = $parseInt(object.ID, 10);
                    else if (typeof object.ID === "number")
                        message.ID = object.ID;
                    else if (typeof object.ID === "object")
                        message.ID = new $util.LongBits(object.ID.low >>> 0, object.ID.high >>> 0).toNumber();
            return message;
        };

        /**
         * Creates a plain object from a NUMANode message. Also converts values to other types if specified.
         * @function toObject
         * @memberof v1.NUMANode
         * @static
         * @param {v1.NUMANode} message NUMANode
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        NUMANode.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults)
                if ($util.Long) {
                    let long = new $util.Long(0, 0, false);
                    object.ID = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.ID = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            if (message.ID != null && $Object.hasOwnProperty.call(message, "ID"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.ID = typeof message.ID === "number" ? $BigInt(message.ID) : $util.Long.fromBits(message.ID.low >>> 0, message.ID.high >>> 0, false).toBigInt();
                else if (typeof message.ID === "number")
                    object.ID = options.longs === $String ? $String(message.ID) : message.ID;
                else
                    object.ID = options.longs === $String ? $util.Long.prototype.toString.call(message.ID) : options.longs === $Number ? new $util.LongBits(message.ID.low >>> 0, message.ID.high >>> 0).toNumber() : message.ID;
            return object;
        };

        /**
         * Converts this NUMANode to JSON.
         * @function toJSON
         * @memberof v1.NUMANode
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        NUMANode.prototype.toJSON = function() {
            return NUMANode.toObject(this, $protobuf.util.toJSONOptions);
        };

        return NUMANode;
    })();

    v1.DynamicResource = (function() {

        /**
         * Properties of a DynamicResource.
         * @typedef {Object} v1.DynamicResource.$Properties
         * @property {string|null} [claim_name] DynamicResource claim_name
         * @property {string|null} [claim_namespace] DynamicResource claim_namespace
         * @property {Array.<v1.ClaimResource.$Properties>|null} [claim_resources] DynamicResource claim_resources
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a DynamicResource.
         * @memberof v1
         * @interface IDynamicResource
         * @augments v1.DynamicResource.$Properties
         * @deprecated Use v1.DynamicResource.$Properties instead.
         */

        /**
         * Shape of a DynamicResource.
         * @typedef {v1.DynamicResource.$Properties} v1.DynamicResource.$Shape
         */

        /**
         * Constructs a new DynamicResource.
         * @memberof v1
         * @classdesc Represents a DynamicResource.
         * @constructor
         * @param {v1.DynamicResource.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const DynamicResource = function (properties) {
            this.claim_resources = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * DynamicResource claim_name.
         * @member {string} claim_name
         * @memberof v1.DynamicResource
         * @instance
         */
        DynamicResource.prototype.claim_name = "";

        /**
         * DynamicResource claim_namespace.
         * @member {string} claim_namespace
         * @memberof v1.DynamicResource
         * @instance
         */
        DynamicResource.prototype.claim_namespace = "";

        /**
         * DynamicResource claim_resources.
         * @member {Array.<v1.ClaimResource.$Properties>} claim_resources
         * @memberof v1.DynamicResource
         * @instance
         */
        DynamicResource.prototype.claim_resources = $util.emptyArray;

        /**
         * Encodes the specified DynamicResource message. Does not implicitly {@link v1.DynamicResource.verify|verify} messages.
         * @function encode
         * @memberof v1.DynamicResource
         * @static
         * @param {v1.DynamicResource.$Properties} message DynamicResource message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        DynamicResource.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.claim_name != null && $Object.hasOwnProperty.call(message, "claim_name") && message.claim_name !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.claim_name);
            if (message.claim_namespace != null && $Object.hasOwnProperty.call(message, "claim_namespace") && message.claim_namespace !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.claim_namespace);
            if (message.claim_resources != null && message.claim_resources.length)
                for (let i = 0; i < message.claim_resources.length; ++i)
                    $root.v1.ClaimResource.encode(message.claim_resources[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a DynamicResource message from the specified reader or buffer.
         * @function decode
         * @memberof v1.DynamicResource
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {v1.DynamicResource & v1.DynamicResource.$Shape} DynamicResource
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        DynamicResource.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.v1.DynamicResource();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.claim_name = value;
                        else
                            delete message.claim_name;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.claim_namespace = value;
                        else
                            delete message.claim_namespace;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.claim_resources && message.claim_resources.length))
                            message.claim_resources = [];
                        message.claim_resources.push($root.v1.ClaimResource.decode(reader, reader.size(), $undefined, _depth + 1));
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
         * Verifies a DynamicResource message.
         * @function verify
         * @memberof v1.DynamicResource
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        DynamicResource.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.claim_name != null && $Object.hasOwnProperty.call(message, "claim_name"))
                if (!$util.isString(message.claim_name))
                    return "claim_name: string expected";
            if (message.claim_namespace != null && $Object.hasOwnProperty.call(message, "claim_namespace"))
                if (!$util.isString(message.claim_namespace))
                    return "claim_namespace: string expected";
            if (message.claim_resources != null && $Object.hasOwnProperty.call(message, "claim_resources")) {
                if (!$Array.isArray(message.claim_resources))
                    return "claim_resources: array expected";
                for (let i = 0; i < message.claim_resources.length; ++i) {
                    let error = $root.v1.ClaimResource.verify(message.claim_resources[i], _depth + 1);
                    if (error)
                        return "claim_resources." + error;
                }
            }
            return null;
        };

        /**
         * Creates a DynamicResource message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof v1.DynamicResource
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {v1.DynamicResource} DynamicResource
         */
        DynamicResource.fromObject = function (object, _depth) {
            if (object instanceof $root.v1.DynamicResource)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".v1.DynamicResource: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.v1.DynamicResource();
            if (object.claim_name != null)
                if (typeof object.claim_name !== "string" || object.claim_name.length)
                    message.claim_name = $String(object.claim_name);
            if (object.claim_namespace != null)
                if (typeof object.claim_namespace !== "string" || object.claim_namespace.length)
                    message.claim_namespace = $String(object.claim_namespace);
            if (object.claim_resources) {
                if (!$Array.isArray(object.claim_resources))
                    throw $TypeError(".v1.DynamicResource.claim_resources: array expected");
                message.claim_resources = $Array(object.claim_resources.length);
                for (let i = 0; i < object.claim_resources.length; ++i) {
                    if (!$util.isObject(object.claim_resources[i]))
                        throw $TypeError(".v1.DynamicResource.claim_resources: object expected");
                    message.claim_resources[i] = $root.v1.ClaimResource.fromObject(object.claim_resources[i], _depth + 1);
                }
            }
            return message;
        };

        /**
         * Creates a plain object from a DynamicResource message. Also converts values to other types if specified.
         * @function toObject
         * @memberof v1.DynamicResource
         * @static
         * @param {v1.DynamicResource} message DynamicResource
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        DynamicResource.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.claim_resources = [];
            if (options.defaults) {
                object.claim_name = "";
                object.claim_namespace = "";
            }
            if (message.claim_name != null && $Object.hasOwnProperty.call(message, "claim_name"))
                object.claim_name = message.claim_name;
            if (message.claim_namespace != null && $Object.hasOwnProperty.call(message, "claim_namespace"))
                object.claim_namespace = message.claim_namespace;
            if (message.claim_resources && message.claim_resources.length) {
                object.claim_resources = $Array(message.claim_resources.length);
                for (let j = 0; j < message.claim_resources.length; ++j)
                    object.claim_resources[j] = $root.v1.ClaimResource.toObject(message.claim_resources[j], options, _depth + 1);
            }
            return object;
        };

        /**
         * Converts this DynamicResource to JSON.
         * @function toJSON
         * @memberof v1.DynamicResource
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        DynamicResource.prototype.toJSON = function() {
            return DynamicResource.toObject(this, $protobuf.util.toJSONOptions);
        };

        return DynamicResource;
    })();

    v1.ClaimResource = (function() {

        /**
         * Properties of a ClaimResource.
         * @typedef {Object} v1.ClaimResource.$Properties
         * @property {Array.<v1.CDIDevice.$Properties>|null} [cdi_devices] ClaimResource cdi_devices
         * @property {string|null} [driver_name] ClaimResource driver_name
         * @property {string|null} [pool_name] ClaimResource pool_name
         * @property {string|null} [device_name] ClaimResource device_name
         * @property {string|null} [share_id] ClaimResource share_id
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ClaimResource.
         * @memberof v1
         * @interface IClaimResource
         * @augments v1.ClaimResource.$Properties
         * @deprecated Use v1.ClaimResource.$Properties instead.
         */

        /**
         * Shape of a ClaimResource.
         * @typedef {v1.ClaimResource.$Properties} v1.ClaimResource.$Shape
         */

        /**
         * Constructs a new ClaimResource.
         * @memberof v1
         * @classdesc Represents a ClaimResource.
         * @constructor
         * @param {v1.ClaimResource.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ClaimResource = function (properties) {
            this.cdi_devices = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ClaimResource cdi_devices.
         * @member {Array.<v1.CDIDevice.$Properties>} cdi_devices
         * @memberof v1.ClaimResource
         * @instance
         */
        ClaimResource.prototype.cdi_devices = $util.emptyArray;

        /**
         * ClaimResource driver_name.
         * @member {string} driver_name
         * @memberof v1.ClaimResource
         * @instance
         */
        ClaimResource.prototype.driver_name = "";

        /**
         * ClaimResource pool_name.
         * @member {string} pool_name
         * @memberof v1.ClaimResource
         * @instance
         */
        ClaimResource.prototype.pool_name = "";

        /**
         * ClaimResource device_name.
         * @member {string} device_name
         * @memberof v1.ClaimResource
         * @instance
         */
        ClaimResource.prototype.device_name = "";

        /**
         * ClaimResource share_id.
         * @member {string|null|undefined} share_id
         * @memberof v1.ClaimResource
         * @instance
         */
        ClaimResource.prototype.share_id = null;

        // OneOf field names bound to virtual getters and setters
        let $oneOfFields;

        // Virtual OneOf for proto3 optional field
        $Object.defineProperty(ClaimResource.prototype, "_share_id", {
            get: $util.oneOfGetter($oneOfFields = ["share_id"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        /**
         * Encodes the specified ClaimResource message. Does not implicitly {@link v1.ClaimResource.verify|verify} messages.
         * @function encode
         * @memberof v1.ClaimResource
         * @static
         * @param {v1.ClaimResource.$Properties} message ClaimResource message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ClaimResource.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.cdi_devices != null && message.cdi_devices.length)
                for (let i = 0; i < message.cdi_devices.length; ++i)
                    $root.v1.CDIDevice.encode(message.cdi_devices[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.driver_name != null && $Object.hasOwnProperty.call(message, "driver_name") && message.driver_name !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.driver_name);
            if (message.pool_name != null && $Object.hasOwnProperty.call(message, "pool_name") && message.pool_name !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.pool_name);
            if (message.device_name != null && $Object.hasOwnProperty.call(message, "device_name") && message.device_name !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.device_name);
            if (message.share_id != null && $Object.hasOwnProperty.call(message, "share_id"))
                writer.uint32(/* id 5, wireType 2 =*/42).string(message.share_id);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ClaimResource message from the specified reader or buffer.
         * @function decode
         * @memberof v1.ClaimResource
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {v1.ClaimResource & v1.ClaimResource.$Shape} ClaimResource
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ClaimResource.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.v1.ClaimResource();
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
                        if (!(message.cdi_devices && message.cdi_devices.length))
                            message.cdi_devices = [];
                        message.cdi_devices.push($root.v1.CDIDevice.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.driver_name = value;
                        else
                            delete message.driver_name;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.pool_name = value;
                        else
                            delete message.pool_name;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.device_name = value;
                        else
                            delete message.device_name;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        message.share_id = reader.stringVerify();
                        message._share_id = "share_id";
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
         * Verifies a ClaimResource message.
         * @function verify
         * @memberof v1.ClaimResource
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        ClaimResource.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            let properties = {};
            if (message.cdi_devices != null && $Object.hasOwnProperty.call(message, "cdi_devices")) {
                if (!$Array.isArray(message.cdi_devices))
                    return "cdi_devices: array expected";
                for (let i = 0; i < message.cdi_devices.length; ++i) {
                    let error = $root.v1.CDIDevice.verify(message.cdi_devices[i], _depth + 1);
                    if (error)
                        return "cdi_devices." + error;
                }
            }
            if (message.driver_name != null && $Object.hasOwnProperty.call(message, "driver_name"))
                if (!$util.isString(message.driver_name))
                    return "driver_name: string expected";
            if (message.pool_name != null && $Object.hasOwnProperty.call(message, "pool_name"))
                if (!$util.isString(message.pool_name))
                    return "pool_name: string expected";
            if (message.device_name != null && $Object.hasOwnProperty.call(message, "device_name"))
                if (!$util.isString(message.device_name))
                    return "device_name: string expected";
            if (message.share_id != null && $Object.hasOwnProperty.call(message, "share_id")) {
                properties._share_id = 1;
                if (!$util.isString(message.share_id))
                    return "share_id: string expected";
            }
            return null;
        };

        /**
         * Creates a ClaimResource message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof v1.ClaimResource
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {v1.ClaimResource} ClaimResource
         */
        ClaimResource.fromObject = function (object, _depth) {
            if (object instanceof $root.v1.ClaimResource)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".v1.ClaimResource: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.v1.ClaimResource();
            if (object.cdi_devices) {
                if (!$Array.isArray(object.cdi_devices))
                    throw $TypeError(".v1.ClaimResource.cdi_devices: array expected");
                message.cdi_devices = $Array(object.cdi_devices.length);
                for (let i = 0; i < object.cdi_devices.length; ++i) {
                    if (!$util.isObject(object.cdi_devices[i]))
                        throw $TypeError(".v1.ClaimResource.cdi_devices: object expected");
                    message.cdi_devices[i] = $root.v1.CDIDevice.fromObject(object.cdi_devices[i], _depth + 1);
                }
            }
            if (object.driver_name != null)
                if (typeof object.driver_name !== "string" || object.driver_name.length)
                    message.driver_name = $String(object.driver_name);
            if (object.pool_name != null)
                if (typeof object.pool_name !== "string" || object.pool_name.length)
                    message.pool_name = $String(object.pool_name);
            if (object.device_name != null)
                if (typeof object.device_name !== "string" || object.device_name.length)
                    message.device_name = $String(object.device_name);
            if (object.share_id != null)
                message.share_id = $String(object.share_id);
            return message;
        };

        /**
         * Creates a plain object from a ClaimResource message. Also converts values to other types if specified.
         * @function toObject
         * @memberof v1.ClaimResource
         * @static
         * @param {v1.ClaimResource} message ClaimResource
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ClaimResource.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.cdi_devices = [];
            if (options.defaults) {
                object.driver_name = "";
                object.pool_name = "";
                object.device_name = "";
            }
            if (message.cdi_devices && message.cdi_devices.length) {
                object.cdi_devices = $Array(message.cdi_devices.length);
                for (let j = 0; j < message.cdi_devices.length; ++j)
                    object.cdi_devices[j] = $root.v1.CDIDevice.toObject(message.cdi_devices[j], options, _depth + 1);
            }
            if (message.driver_name != null && $Object.hasOwnProperty.call(message, "driver_name"))
                object.driver_name = message.driver_name;
            if (message.pool_name != null && $Object.hasOwnProperty.call(message, "pool_name"))
                object.pool_name = message.pool_name;
            if (message.device_name != null && $Object.hasOwnProperty.call(message, "device_name"))
                object.device_name = message.device_name;
            if (message.share_id != null && $Object.hasOwnProperty.call(message, "share_id"))
                object.share_id = message.share_id;
            return object;
        };

        /**
         * Converts this ClaimResource to JSON.
         * @function toJSON
         * @memberof v1.ClaimResource
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ClaimResource.prototype.toJSON = function() {
            return ClaimResource.toObject(this, $protobuf.util.toJSONOptions);
        };

        return ClaimResource;
    })();

    v1.CDIDevice = (function() {

        /**
         * Properties of a CDIDevice.
         * @typedef {Object} v1.CDIDevice.$Properties
         * @property {string|null} [name] CDIDevice name
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a CDIDevice.
         * @memberof v1
         * @interface ICDIDevice
         * @augments v1.CDIDevice.$Properties
         * @deprecated Use v1.CDIDevice.$Properties instead.
         */

        /**
         * Shape of a CDIDevice.
         * @typedef {v1.CDIDevice.$Properties} v1.CDIDevice.$Shape
         */

        /**
         * Constructs a new CDIDevice.
         * @memberof v1
         * @classdesc Represents a CDIDevice.
         * @constructor
         * @param {v1.CDIDevice.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const CDIDevice = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * CDIDevice name.
         * @member {string} name
         * @memberof v1.CDIDevice
         * @instance
         */
        CDIDevice.prototype.name = "";

        /**
         * Encodes the specified CDIDevice message. Does not implicitly {@link v1.CDIDevice.verify|verify} messages.
         * @function encode
         * @memberof v1.CDIDevice
         * @static
         * @param {v1.CDIDevice.$Properties} message CDIDevice message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        CDIDevice.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a CDIDevice message from the specified reader or buffer.
         * @function decode
         * @memberof v1.CDIDevice
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {v1.CDIDevice & v1.CDIDevice.$Shape} CDIDevice
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        CDIDevice.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.v1.CDIDevice();
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
                            message.name = value;
                        else
                            delete message.name;
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
         * Verifies a CDIDevice message.
         * @function verify
         * @memberof v1.CDIDevice
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        CDIDevice.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                if (!$util.isString(message.name))
                    return "name: string expected";
            return null;
        };

        /**
         * Creates a CDIDevice message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof v1.CDIDevice
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {v1.CDIDevice} CDIDevice
         */
        CDIDevice.fromObject = function (object, _depth) {
            if (object instanceof $root.v1.CDIDevice)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".v1.CDIDevice: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.v1.CDIDevice();
            if (object.name != null)
                if (typeof object.name !== "string" || object.name.length)
                    message.name = $String(object.name);
            return message;
        };

        /**
         * Creates a plain object from a CDIDevice message. Also converts values to other types if specified.
         * @function toObject
         * @memberof v1.CDIDevice
         * @static
         * @param {v1.CDIDevice} message CDIDevice
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        CDIDevice.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults)
                object.name = "";
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                object.name = message.name;
            return object;
        };

        /**
         * Converts this CDIDevice to JSON.
         * @function toJSON
         * @memberof v1.CDIDevice
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        CDIDevice.prototype.toJSON = function() {
            return CDIDevice.toObject(this, $protobuf.util.toJSONOptions);
        };

        return CDIDevice;
    })();

    v1.GetPodResourcesRequest = (function() {

        /**
         * Properties of a GetPodResourcesRequest.
         * @typedef {Object} v1.GetPodResourcesRequest.$Properties
         * @property {string|null} [pod_name] GetPodResourcesRequest pod_name
         * @property {string|null} [pod_namespace] GetPodResourcesRequest pod_namespace
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a GetPodResourcesRequest.
         * @memberof v1
         * @interface IGetPodResourcesRequest
         * @augments v1.GetPodResourcesRequest.$Properties
         * @deprecated Use v1.GetPodResourcesRequest.$Properties instead.
         */

        /**
         * Shape of a GetPodResourcesRequest.
         * @typedef {v1.GetPodResourcesRequest.$Properties} v1.GetPodResourcesRequest.$Shape
         */

        /**
         * Constructs a new GetPodResourcesRequest.
         * @memberof v1
         * @classdesc Represents a GetPodResourcesRequest.
         * @constructor
         * @param {v1.GetPodResourcesRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const GetPodResourcesRequest = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * GetPodResourcesRequest pod_name.
         * @member {string} pod_name
         * @memberof v1.GetPodResourcesRequest
         * @instance
         */
        GetPodResourcesRequest.prototype.pod_name = "";

        /**
         * GetPodResourcesRequest pod_namespace.
         * @member {string} pod_namespace
         * @memberof v1.GetPodResourcesRequest
         * @instance
         */
        GetPodResourcesRequest.prototype.pod_namespace = "";

        /**
         * Encodes the specified GetPodResourcesRequest message. Does not implicitly {@link v1.GetPodResourcesRequest.verify|verify} messages.
         * @function encode
         * @memberof v1.GetPodResourcesRequest
         * @static
         * @param {v1.GetPodResourcesRequest.$Properties} message GetPodResourcesRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        GetPodResourcesRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.pod_name != null && $Object.hasOwnProperty.call(message, "pod_name") && message.pod_name !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.pod_name);
            if (message.pod_namespace != null && $Object.hasOwnProperty.call(message, "pod_namespace") && message.pod_namespace !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.pod_namespace);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a GetPodResourcesRequest message from the specified reader or buffer.
         * @function decode
         * @memberof v1.GetPodResourcesRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {v1.GetPodResourcesRequest & v1.GetPodResourcesRequest.$Shape} GetPodResourcesRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        GetPodResourcesRequest.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.v1.GetPodResourcesRequest();
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
                            message.pod_name = value;
                        else
                            delete message.pod_name;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.pod_namespace = value;
                        else
                            delete message.pod_namespace;
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
         * Verifies a GetPodResourcesRequest message.
         * @function verify
         * @memberof v1.GetPodResourcesRequest
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        GetPodResourcesRequest.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.pod_name != null && $Object.hasOwnProperty.call(message, "pod_name"))
                if (!$util.isString(message.pod_name))
                    return "pod_name: string expected";
            if (message.pod_namespace != null && $Object.hasOwnProperty.call(message, "pod_namespace"))
                if (!$util.isString(message.pod_namespace))
                    return "pod_namespace: string expected";
            return null;
        };

        /**
         * Creates a GetPodResourcesRequest message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof v1.GetPodResourcesRequest
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {v1.GetPodResourcesRequest} GetPodResourcesRequest
         */
        GetPodResourcesRequest.fromObject = function (object, _depth) {
            if (object instanceof $root.v1.GetPodResourcesRequest)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".v1.GetPodResourcesRequest: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.v1.GetPodResourcesRequest();
            if (object.pod_name != null)
                if (typeof object.pod_name !== "string" || object.pod_name.length)
                    message.pod_name = $String(object.pod_name);
            if (object.pod_namespace != null)
                if (typeof object.pod_namespace !== "string" || object.pod_namespace.length)
                    message.pod_namespace = $String(object.pod_namespace);
            return message;
        };

        /**
         * Creates a plain object from a GetPodResourcesRequest message. Also converts values to other types if specified.
         * @function toObject
         * @memberof v1.GetPodResourcesRequest
         * @static
         * @param {v1.GetPodResourcesRequest} message GetPodResourcesRequest
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        GetPodResourcesRequest.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.pod_name = "";
                object.pod_namespace = "";
            }
            if (message.pod_name != null && $Object.hasOwnProperty.call(message, "pod_name"))
                object.pod_name = message.pod_name;
            if (message.pod_namespace != null && $Object.hasOwnProperty.call(message, "pod_namespace"))
                object.pod_namespace = message.pod_namespace;
            return object;
        };

        /**
         * Converts this GetPodResourcesRequest to JSON.
         * @function toJSON
         * @memberof v1.GetPodResourcesRequest
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        GetPodResourcesRequest.prototype.toJSON = function() {
            return GetPodResourcesRequest.toObject(this, $protobuf.util.toJSONOptions);
        };

        return GetPodResourcesRequest;
    })();

    v1.GetPodResourcesResponse = (function() {

        /**
         * Properties of a GetPodResourcesResponse.
         * @typedef {Object} v1.GetPodResourcesResponse.$Properties
         * @property {v1.PodResources.$Properties|null} [pod_resources] GetPodResourcesResponse pod_resources
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a GetPodResourcesResponse.
         * @memberof v1
         * @interface IGetPodResourcesResponse
         * @augments v1.GetPodResourcesResponse.$Properties
         * @deprecated Use v1.GetPodResourcesResponse.$Properties instead.
         */

        /**
         * Shape of a GetPodResourcesResponse.
         * @typedef {v1.GetPodResourcesResponse.$Properties} v1.GetPodResourcesResponse.$Shape
         */

        /**
         * Constructs a new GetPodResourcesResponse.
         * @memberof v1
         * @classdesc Represents a GetPodResourcesResponse.
         * @constructor
         * @param {v1.GetPodResourcesResponse.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const GetPodResourcesResponse = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * GetPodResourcesResponse pod_resources.
         * @member {v1.PodResources.$Properties|null|undefined} pod_resources
         * @memberof v1.GetPodResourcesResponse
         * @instance
         */
        GetPodResourcesResponse.prototype.pod_resources = null;

        /**
         * Encodes the specified GetPodResourcesResponse message. Does not implicitly {@link v1.GetPodResourcesResponse.verify|verify} messages.
         * @function encode
         * @memberof v1.GetPodResourcesResponse
         * @static
         * @param {v1.GetPodResourcesResponse.$Properties} message GetPodResourcesResponse message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        GetPodResourcesResponse.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.pod_resources != null && $Object.hasOwnProperty.call(message, "pod_resources"))
                $root.v1.PodResources.encode(message.pod_resources, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a GetPodResourcesResponse message from the specified reader or buffer.
         * @function decode
         * @memberof v1.GetPodResourcesResponse
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {v1.GetPodResourcesResponse & v1.GetPodResourcesResponse.$Shape} GetPodResourcesResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        GetPodResourcesResponse.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.v1.GetPodResourcesResponse();
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
                        message.pod_resources = $root.v1.PodResources.decode(reader, reader.size(), $undefined, _depth + 1, message.pod_resources);
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
         * Verifies a GetPodResourcesResponse message.
         * @function verify
         * @memberof v1.GetPodResourcesResponse
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        GetPodResourcesResponse.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.pod_resources != null && $Object.hasOwnProperty.call(message, "pod_resources")) {
                let error = $root.v1.PodResources.verify(message.pod_resources, _depth + 1);
                if (error)
                    return "pod_resources." + error;
            }
            return null;
        };

        /**
         * Creates a GetPodResourcesResponse message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof v1.GetPodResourcesResponse
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {v1.GetPodResourcesResponse} GetPodResourcesResponse
         */
        GetPodResourcesResponse.fromObject = function (object, _depth) {
            if (object instanceof $root.v1.GetPodResourcesResponse)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".v1.GetPodResourcesResponse: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.v1.GetPodResourcesResponse();
            if (object.pod_resources != null) {
                if (!$util.isObject(object.pod_resources))
                    throw $TypeError(".v1.GetPodResourcesResponse.pod_resources: object expected");
                message.pod_resources = $root.v1.PodResources.fromObject(object.pod_resources, _depth + 1);
            }
            return message;
        };

        /**
         * Creates a plain object from a GetPodResourcesResponse message. Also converts values to other types if specified.
         * @function toObject
         * @memberof v1.GetPodResourcesResponse
         * @static
         * @param {v1.GetPodResourcesResponse} message GetPodResourcesResponse
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        GetPodResourcesResponse.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults)
                object.pod_resources = null;
            if (message.pod_resources != null && $Object.hasOwnProperty.call(message, "pod_resources"))
                object.pod_resources = $root.v1.PodResources.toObject(message.pod_resources, options, _depth + 1);
            return object;
        };

        /**
         * Converts this GetPodResourcesResponse to JSON.
         * @function toJSON
         * @memberof v1.GetPodResourcesResponse
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        GetPodResourcesResponse.prototype.toJSON = function() {
            return GetPodResourcesResponse.toObject(this, $protobuf.util.toJSONOptions);
        };

        return GetPodResourcesResponse;
    })();

    return v1;
})();

export {
  $root as default
};
